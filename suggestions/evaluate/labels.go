package evaluate

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
)

// BitextIntents maps the intent names of the Bitext customer-service
// intent data (e-commerce requests) to the default library's intent ids,
// so that data measures the default library as agents get it.
var BitextIntents = map[string]string{
	"cancel_order":             "order.cancel",
	"change_order":             "order.change",
	"change_shipping_address":  "shipping.change_address",
	"check_cancellation_fee":   "cancellation.fee",
	"check_invoice":            "invoice.check",
	"check_payment_methods":    "payment.methods",
	"check_refund_policy":      "refund.policy",
	"complaint":                "complaint",
	"contact_customer_service": "contact.customer_service",
	"contact_human_agent":      "contact.human_agent",
	"create_account":           "account.create",
	"delete_account":           "account.delete",
	"delivery_options":         "delivery.options",
	"delivery_period":          "delivery.time",
	"edit_account":             "account.edit",
	"get_invoice":              "invoice.get",
	"get_refund":               "refund.request",
	"newsletter_subscription":  "newsletter.subscription",
	"payment_issue":            "payment.problem",
	"place_order":              "order.place",
	"recover_password":         "account.recover_password",
	"registration_problems":    "account.registration_problem",
	"review":                   "feedback.review",
	"set_up_shipping_address":  "shipping.set_address",
	"switch_account":           "account.switch",
	"track_order":              "order.track",
	"track_refund":             "refund.track",
}

// IntentNames reads a mapping from a data set's intent names to a
// library's ids: "bitext" is BitextIntents, anything else a JSON file
// holding one object of name to id.
func IntentNames(spec string) (map[string]string, error) {
	if spec == "bitext" {
		return BitextIntents, nil
	}
	data, err := os.ReadFile(spec)
	if err != nil {
		return nil, err
	}
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: want one JSON object of intent name to library id: %v", spec, err)
	}
	if len(m) == 0 {
		return nil, fmt.Errorf("%s: the mapping is empty", spec)
	}
	return m, nil
}

// MapIntents renames each example's intent through names. An intent the
// mapping lacks is an error naming every such intent, since scoring it
// would count a labelling gap as the library's miss. Out-of-scope
// examples (no intent) stay so.
func MapIntents(exs []Example, names map[string]string) ([]Example, error) {
	out := make([]Example, len(exs))
	var missing []string
	for i, ex := range exs {
		out[i] = ex
		if ex.Intent == "" {
			continue
		}
		id, ok := names[ex.Intent]
		if !ok {
			if !slices.Contains(missing, ex.Intent) {
				missing = append(missing, ex.Intent)
			}
			continue
		}
		out[i].Intent = id
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return nil, fmt.Errorf("no library intent for %s", strings.Join(missing, ", "))
	}
	return out, nil
}

// LoadLabelled reads a CSV of labelled messages (see Load) whole, for
// measuring a library as it is.
func LoadLabelled(path, textCol, intentCol string) ([]Example, error) {
	return loadCSV(path, textCol, intentCol)
}
