package suggestions
import ("testing";"encoding/json")
func BenchmarkZZParse(b *testing.B){ for b.Loop() { ParseLibrary("x", defaultJSON) } }
func BenchmarkZZUnmarshal(b *testing.B){ for b.Loop() { var l Library; json.Unmarshal(defaultJSON, &l) } }
func BenchmarkZZUnmarshalAny(b *testing.B){ for b.Loop() { var l any; json.Unmarshal(defaultJSON, &l) } }
func BenchmarkZZCompileDefault(b *testing.B){ lib,_ := ParseLibrary("x", defaultJSON); for b.Loop() { Compile(lib) } }
