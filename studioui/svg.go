package studioui

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"github.com/warmdesk/warmdesk/internal/studioapi"
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

// sparkW and sparkH are a day chart's size in the tables: small enough
// for a row, wide enough for 30 days of two-pixel bars.
const (
	sparkW = 150
	sparkH = 34
)

// sparkline draws figures per day over the period: for each day, the
// replies suggested (light bar) and inserted (dark bar, over it), and the
// mean edit as a dot (bottom 0%, top 100%). The figures are in the label
// too, for screen readers.
func sparkline(what string, days []studioapi.DayUse, from time.Time, n int) app.UI {
	n = max(n, 1)
	start := from.UTC().Truncate(24 * time.Hour)
	byDay := make([]*studioapi.DayUse, n)
	most := 1
	for i := range days {
		k := int(days[i].Day.Sub(start).Hours() / 24)
		if k < 0 || k >= n {
			continue
		}
		byDay[k] = &days[i]
		most = max(most, days[i].Suggested, days[i].Inserted)
	}
	step := float64(sparkW) / float64(n)
	bw := max(step-1, 1)
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
	var marks []app.UI
	var sugg, ins, edit []string
	for k, d := range byDay {
		if d == nil {
			sugg, ins, edit = append(sugg, "0"), append(ins, "0"), append(edit, "–")
			continue
		}
		x := float64(k) * step
		hs := float64(d.Suggested) / float64(most) * (sparkH - 2)
		hi := float64(d.Inserted) / float64(most) * (sparkH - 2)
		marks = append(marks,
			svg("rect").Attr("x", f(x)).Attr("y", f(sparkH-hs)).Attr("width", f(bw)).Attr("height", f(hs)).Class("st-spark-sugg"),
			svg("rect").Attr("x", f(x)).Attr("y", f(sparkH-hi)).Attr("width", f(bw)).Attr("height", f(hi)).Class("st-spark-ins"),
		)
		if d.MeanEdit >= 0 {
			marks = append(marks, svg("circle").Attr("cx", f(x+bw/2)).Attr("cy", f(1.5+(1-min(d.MeanEdit, 1))*(sparkH-3))).Attr("r", "1.8").Class("st-spark-edit"))
		}
		sugg, ins, edit = append(sugg, strconv.Itoa(d.Suggested)), append(ins, strconv.Itoa(d.Inserted)), append(edit, percent(d.MeanEdit))
	}
	label := fmt.Sprintf("%s per day from %s: suggested %s; inserted %s; edit %s", what, start.Format("2 Jan"),
		strings.Join(sugg, ", "), strings.Join(ins, ", "), strings.Join(edit, ", "))
	return svg("svg").Class("st-spark").Attr("role", "img").Aria("label", label).
		Attr("width", sparkW).Attr("height", sparkH).Attr("viewBox", fmt.Sprintf("0 0 %d %d", sparkW, sparkH)).
		Body(append([]app.UI{svg("title").Text(label), svg("line").Attr("x1", 0).Attr("x2", sparkW).Attr("y1", sparkH-0.5).Attr("y2", sparkH-0.5).Class("st-spark-axis")}, marks...)...)
}
