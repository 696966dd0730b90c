package suggestions

import (
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions/feelings"
	"github.com/warmdesk/warmdesk/suggestions/library"
	"github.com/warmdesk/warmdesk/suggestions/tone"
)

// The intents the default library must cover, with these ids.
var requiredIntents = strings.Fields(`order.track order.cancel order.change order.place order.damaged
order.wrong_item order.missing_item shipping.change_address shipping.set_address delivery.options
delivery.time delivery.late refund.request refund.track refund.policy cancellation.fee invoice.get
invoice.check payment.methods payment.problem billing.double_charge account.create account.delete
account.edit account.switch account.recover_password account.registration_problem subscription.cancel
newsletter.subscription feedback.review complaint contact.customer_service contact.human_agent
product.question technical.problem feature.request praise.thanks`)

var requiredFeelings = strings.Fields("angry frustrated disappointed worried confused sad urgent grateful")

func TestDefaultLibraryCoverage(t *testing.T) {
	lib := engine(t).Library()
	byID := map[string]library.Intent{}
	for _, in := range lib.Intents {
		byID[in.ID] = in
	}
	for _, id := range requiredIntents {
		in, ok := byID[id]
		if !ok {
			t.Errorf("intent %s is missing", id)
			continue
		}
		if len(in.Phrasings) < 12 {
			t.Errorf("intent %s has %d phrasings, want 12 or more", id, len(in.Phrasings))
		}
		if len(in.Replies) < 2 {
			t.Errorf("intent %s has %d replies, want 2 or more", id, len(in.Replies))
		}
	}
	feelings := map[string]library.Feeling{}
	for _, f := range lib.Feelings {
		feelings[f.ID] = f
	}
	for _, id := range requiredFeelings {
		f, ok := feelings[id]
		if !ok {
			t.Errorf("feeling %s is missing", id)
			continue
		}
		for n := 1; n <= 3; n++ {
			found := false
			for _, a := range f.Acknowledgements {
				found = found || a.Intensity == n
			}
			if !found {
				t.Errorf("feeling %s has no acknowledgement at intensity %d", id, n)
			}
		}
	}
	if len(lib.Openers) < 3 || len(lib.Closers) < 3 {
		t.Errorf("want several openers and closers, have %d and %d", len(lib.Openers), len(lib.Closers))
	}
	kinds := map[string]bool{}
	for _, r := range lib.Rules {
		kinds[r.Kind] = true
	}
	for _, k := range []string{library.KindAvoid, library.KindSwap, library.KindOpening, library.KindClosing, library.KindAcknowledge} {
		if !kinds[k] {
			t.Errorf("no tone rule of kind %s", k)
		}
	}
}

// Every example of every shipped rule does what it says (as woke tests
// its embedded rules).
func TestDefaultRuleExamples(t *testing.T) {
	e := engine(t)
	for _, p := range e.CheckExamples("default.json") {
		t.Error(p)
	}
}

// Every shipped reply, composed with every opener, acknowledgement and
// closer a customer could get, passes every shipped tone rule, and says
// what can be done.
func TestDefaultRepliesPassToneRules(t *testing.T) {
	e := engine(t)
	lib := e.Library()
	upset := tone.Options{CustomerFeelings: []feelings.Match{{ID: "frustrated", Negative: true, Intensity: 2}}}
	canDo := []string{"here are", "you will", "i can", "i've", "i have", "i'll", "i will", "here's", "here is", "you can", "let me", "we can", "we'll", "we will", "i'd", "i am", "i'm", "happy to", "glad to", "feel free"}
	for _, in := range lib.Intents {
		for _, r := range in.Replies {
			body := strings.ToLower(strings.ReplaceAll(r.Body, "’", "'"))
			ok := false
			for _, c := range canDo {
				ok = ok || strings.Contains(body, c)
			}
			if !ok {
				t.Errorf("reply %s does not say what can be done: %q", r.ID, r.Body)
			}
			for _, f := range lib.Feelings {
				acks := f.Acknowledgements
				for _, s := range f.Situations {
					acks = append(acks[:len(acks):len(acks)], s.Acknowledgements...)
				}
				for _, ack := range acks {
					for i, op := range lib.Openers {
						cl := lib.Closers[i%len(lib.Closers)]
						_, text, _ := assemble(Parts{Opener: op.Text, Acknowledgement: ack.Text, Body: r.Body, Closer: cl.Text},
							map[string]string{"customer.first_name": "Sam", "agent.first_name": "Ana"})
						opt := tone.Options{}
						if f.Negative {
							opt = upset
						}
						for _, fd := range e.Check(text, opt) {
							t.Errorf("reply %s with opener %s, %s acknowledgement %q: %s %q: %s", r.ID, op.ID, f.ID, ack.Text, fd.Rule, fd.Text, fd.Message)
						}
					}
				}
			}
		}
	}
}

// The shipped library passes its own rules, all of it: every opener,
// reply body, acknowledgement and closer checked with the rules of its
// role (as the quality report and the studio's publish check do), and a
// reply whose placeholders are not filled yet (the helpdesk passed no
// names) is read as if they were: "Dear {{customer.first_name}}," is
// not "Dear customer".
func TestDefaultLibraryPassesItsOwnRules(t *testing.T) {
	e := engine(t)
	for _, f := range e.ToneFindings() {
		t.Errorf("%s · %s: %s %q (%s): %s", f.Entry, f.Field, f.Rule, f.Text, f.Severity, f.Message)
	}
	lib := e.Library()
	body := lib.Intents[0].Replies[0].Body
	for i, op := range lib.Openers {
		for _, cl := range []library.Snippet{lib.Closers[i%len(lib.Closers)], lib.Closers[len(lib.Closers)-1-i%len(lib.Closers)]} {
			_, text, _ := assemble(Parts{Opener: op.Text, Body: body, Closer: cl.Text}, map[string]string{})
			if !strings.Contains(text, "{{") {
				t.Fatalf("nothing left unfilled in %q", text)
			}
			for _, f := range e.Check(text, tone.Options{}) {
				t.Errorf("opener %s, closer %s, unfilled: %s %q", op.ID, cl.ID, f.Rule, f.Text)
			}
		}
	}
}

// The default library recognises everyday ways customers ask, including
// terse, misspelled and angry ones. These messages are written for this
// test, not taken from any data set.
func TestDefaultRecognition(t *testing.T) {
	e := engine(t)
	tests := []struct{ msg, want string }{
		{"where is my parcel", "order.track"},
		{"wheres my oder??", "order.track"},
		{"Can I get a tracking number for the boots I bought?", "order.track"},
		{"please cancel my order, I changed my mind", "order.cancel"},
		{"cancle order", "order.cancel"},
		{"I need to swap the colour on the order I placed this morning", "order.change"},
		{"The mug came smashed into pieces", "order.damaged"},
		{"you sent me a blue shirt instead of the black one I ordered", "order.wrong_item"},
		{"one of the three books was not in the box", "order.missing_item"},
		{"I moved, can you send my order to my new address instead", "shipping.change_address"},
		{"Do you offer express shipping?", "delivery.options"},
		{"how long does delivery take to Canada", "delivery.time"},
		{"My delivery is a week late, this is ridiculous", "delivery.late"},
		{"I want my money back", "refund.request"},
		{"any news on my refund? still nothing in my account", "refund.track"},
		{"what's your returns window for refunds", "refund.policy"},
		{"will I be charged a fee if I cancel", "cancellation.fee"},
		{"can you email me the invoice for my last purchase", "invoice.get"},
		{"the amount on my invoice looks wrong", "invoice.check"},
		{"do you take paypal", "payment.methods"},
		{"my card keeps getting declined at checkout", "payment.problem"},
		{"you charged me twice!!!", "billing.double_charge"},
		{"how do I open an account", "account.create"},
		{"delete my account and all my data", "account.delete"},
		{"I need to update my phone number on my profile", "account.edit"},
		{"forgot my pasword", "account.recover_password"},
		{"the sign up form keeps giving me an error", "account.registration_problem"},
		{"stop my subscription, I don't want to be billed anymore", "subscription.cancel"},
		{"unsubscribe me from your emails", "newsletter.subscription"},
		{"where can I leave a review", "feedback.review"},
		{"I want to make a formal complaint about your staff", "complaint"},
		{"what are your opening hours", "contact.customer_service"},
		{"let me talk to a real person", "contact.human_agent"},
		{"is this jacket waterproof", "product.question"},
		{"the app crashes every time I open it", "technical.problem"},
		{"it would be great if you added a dark mode", "feature.request"},
		{"thank you so much, you've been brilliant", "praise.thanks"},
	}
	top1 := 0
	for _, tt := range tests {
		a := e.Analyze(tt.msg, AnalyzeOptions{})
		var got []string
		for _, im := range a.Intents {
			got = append(got, im.ID)
		}
		if len(got) > 0 && got[0] == tt.want {
			top1++
		}
		in3 := false
		for _, g := range got {
			in3 = in3 || g == tt.want
		}
		if !in3 || a.OutOfScope {
			t.Errorf("%q: want %s in the top three (in scope), got %v (out of scope %v)", tt.msg, tt.want, got, a.OutOfScope)
		}
	}
	if top1 < len(tests)*85/100 {
		t.Errorf("top-1 on everyday messages: %d of %d, want at least 85%%", top1, len(tests))
	}
}

func TestOutOfScope(t *testing.T) {
	e := engine(t)
	for _, msg := range []string{"what is the weather in paris", "recommend me a good pasta recipe", "who won the football match last night", "", "!!!", "12345"} {
		if a := e.Analyze(msg, AnalyzeOptions{}); !a.OutOfScope {
			t.Errorf("%q: want out of scope, got %v", msg, a.Intents)
		}
	}
}
