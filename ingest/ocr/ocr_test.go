package ocr

import (
	"strings"
	"testing"
)

func TestParseTSV(t *testing.T) {
	const tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n" +
		"1\t1\t0\t0\t0\t0\t0\t0\t1700\t2200\t-1\t\n" +
		"5\t1\t1\t1\t1\t2\t300\t100\t80\t20\t90\tHolm,\n" + // out of order: sorted by position
		"5\t1\t1\t1\t1\t1\t100\t100\t80\t20\t96\tEva\n" +
		"5\t1\t1\t1\t1\t3\t400\t100\t80\t20\t84\tLerum\n" +
		"5\t1\t1\t1\t2\t1\t100\t130\t80\t20\t70\tPer\n" +
		"5\t1\t1\t1\t2\t2\t200\t130\t80\t20\t-1\t \n" + // no word
		"5\t1\t1\t2\t1\t1\t100\t200\t80\t20\t80\tBeslut:\n" +
		"5\t1\t2\t1\t1\t1\t100\t300\t80\t20\t90\tfi\u00adnal\n" +
		"4\t1\t2\t1\t1\t0\t100\t300\t80\t20\t-1\t\n"
	lines, conf, words := ParseTSV([]byte(tsv))
	var got []string
	for _, l := range lines {
		got = append(got, l.Text)
	}
	want := []string{"Eva Holm, Lerum", "Per", "", "Beslut:", "", "final", ""}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("lines %q, want %q", got, want)
	}
	if words != 6 || conf != (96+90+84+70+80+90)/6.0 {
		t.Errorf("conf %v over %d words", conf, words)
	}
	if l, c, n := ParseTSV([]byte("garbage\n")); l != nil || c != 0 || n != 0 {
		t.Errorf("garbage: %v %v %v", l, c, n)
	}
}
