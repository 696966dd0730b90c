package suggestions_test

import (
	"fmt"

	"github.com/warmdesk/warmdesk/suggestions"
	"github.com/warmdesk/warmdesk/suggestions/tone"
)

func ExampleEngine_Analyze() {
	e, err := suggestions.Default()
	if err != nil {
		panic(err)
	}
	a := e.Analyze("I'm so annoyed, my order #48213 still hasn't arrived!", suggestions.AnalyzeOptions{})
	fmt.Println("intent:", a.Intents[0].ID)
	for _, f := range a.Feelings {
		fmt.Printf("feeling: %s (intensity %d) %q\n", f.ID, f.Intensity, f.Evidence)
	}
	for _, en := range a.Entities {
		fmt.Println("entity:", en.Type, en.Value)
	}
	// Output:
	// intent: delivery.late
	// feeling: frustrated (intensity 3) "annoyed"
	// entity: order_number 48213
}

// A reply keeps what it cannot fill visible, and says so: here the
// customer's email, which neither the context nor the message gives.
func ExampleEngine_Compose() {
	e, _ := suggestions.Default()
	a := e.Analyze("can you send me the invoice for my last order", suggestions.AnalyzeOptions{})
	replies := e.Compose(a, suggestions.Context{CustomerName: "Sam Lee", AgentName: "Ana"}, suggestions.ComposeOptions{Max: 1})
	fmt.Println(replies[0].Reply)
	fmt.Println(replies[0].Parts.Opener)
	var missing []string
	for _, p := range replies[0].Missing {
		missing = append(missing, p.Name)
	}
	fmt.Println("missing:", missing)
	// Output:
	// invoice.get.self_serve
	// Dear Sam,
	// missing: [customer.email]
}

func ExampleEngine_Check() {
	e, _ := suggestions.Default()
	for _, f := range e.Check("Hi Sam,\nUnfortunately that's our policy.\nTake care!", tone.Options{}) {
		fmt.Printf("%d:%d %s %q -> %q\n", f.Line, f.Column, f.Rule, f.Text, f.Suggestions[0])
	}
	// Output:
	// 2:1 no-unfortunately "Unfortunately" -> "Here's what I can do:"
	// 2:22 no-policy "our policy" -> "What I can do is"
}

func ExampleEngine_Search() {
	e, _ := suggestions.Default()
	// "pwd" is an abbreviation: sahilm/fuzzy finds it as a subsequence.
	r := e.Search("pwd", 1)[0]
	fmt.Println(r.Intent, r.Shortcut)
	// Output:
	// account.recover_password pwd-reset
}
