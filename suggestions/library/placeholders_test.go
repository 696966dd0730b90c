package library

import "testing"

func TestFillAndUnfilled(t *testing.T) {
	got := Fill("Hi {{customer.first_name}}, order {{order.number}} ships {{ date }}.", map[string]string{"customer.first_name": "Sam", "order.number": ""})
	if got != "Hi Sam, order {{order.number}} ships {{ date }}." {
		t.Errorf("Fill: %q", got)
	}
	miss := Unfilled(got)
	if len(miss) != 2 || miss[0].Name != "order.number" || miss[1].Name != "date" {
		t.Errorf("Unfilled: %+v", miss)
	}
}
