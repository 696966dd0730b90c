package studioui

import (
	"fmt"
	"math"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

const svgNS = "http://www.w3.org/2000/svg"

// Bar is one bar of a chart: a label, a value from 0 to 1, and the value
// in words.
type Bar struct {
	Label string
	Value float64
	Text  string
	Warn  bool // drawn in the warning colour
}

// svg makes an SVG element (go-app creates it in the SVG namespace).
func svg(tag string) app.HTMLElem { return app.Elem(tag).XMLNS(svgNS) }

// barChart draws horizontal bars as SVG. Labels are text nodes, so library
// text in them is never read as markup. The numbers are also in the table
// next to every chart, for screen readers and copying.
func barChart(title string, bars []Bar) app.UI {
	const (
		rowH   = 22
		labelW = 250
		barW   = 300
		textW  = 70
	)
	h := rowH*len(bars) + 4
	rows := make([]app.UI, 0, len(bars))
	for i, b := range bars {
		v := b.Value
		if math.IsNaN(v) || v < 0 {
			v = 0
		}
		v = min(v, 1)
		y := i*rowH + 2
		cls := "st-bar"
		if b.Warn {
			cls += " warn"
		}
		rows = append(rows, svg("g").Body(
			svg("text").Attr("x", labelW-8).Attr("y", y+15).Attr("text-anchor", "end").Class("st-bar-label").Text(shorten(b.Label, 34)),
			svg("rect").Attr("x", labelW).Attr("y", y+3).Attr("width", barW).Attr("height", rowH-8).Class("st-bar-bg"),
			svg("rect").Attr("x", labelW).Attr("y", y+3).Attr("width", strconv.FormatFloat(v*barW, 'f', 1, 64)).Attr("height", rowH-8).Class(cls),
			svg("text").Attr("x", labelW+barW+8).Attr("y", y+15).Class("st-bar-value").Text(b.Text),
		))
	}
	return svg("svg").Class("st-chart").Attr("role", "img").Aria("label", title).
		Attr("viewBox", fmt.Sprintf("0 0 %d %d", labelW+barW+textW, h)).
		Body(append([]app.UI{svg("title").Text(title)}, rows...)...)
}

// percent writes a ratio as a percentage, or a dash when it is unknown
// (negative).
func percent(v float64) string {
	if v < 0 || math.IsNaN(v) {
		return "–"
	}
	return strconv.Itoa(int(math.Round(v*100))) + "%"
}

// shorten cuts a label to n characters, marking the cut with "…"; the
// full label is in the table beside the chart.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
