package main

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/goteborgsregionen/minutes/index"
)

func TestAttendanceJSON(t *testing.T) {
	dir := fixtureIndex(t)
	out := mustRun(t, "attendance", "--index", dir, "--json", "--per", "year")
	var m attendanceMatrix
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if strings.Join(m.Periods, ",") != "2021,2022" || len(m.Held) != 2 || m.Held[0] != 1 || m.Held[1] != 2 || m.Total != 3 {
		t.Fatalf("periods %v held %v total %d; want 2021,2022 / 1,2 / 3", m.Periods, m.Held, m.Total)
	}
	rows := map[string]attendanceRow{}
	for _, r := range m.Rows {
		rows[r.Key] = r
	}
	if len(rows) != 3 {
		t.Fatalf("rows %+v: want Göteborg, Partille, Öckerö (GR has no municipality)", m.Rows)
	}
	if r := rows["Göteborg"]; r.Counts[0] != 1 || r.Counts[1] != 2 || r.Share != 1 || r.Stopped ||
		r.First != "2021-03-10" || r.Last != "2022-11-30" {
		t.Errorf("Göteborg %+v", r)
	}
	if r := rows["Öckerö"]; r.Counts[0] != 1 || r.Counts[1] != 0 || !r.Stopped || r.Last != "2021-03-10" {
		t.Errorf("Öckerö %+v: want stopped after 2021", r)
	}
	if r := rows["Partille"]; r.Stopped || r.Attended != 1 || r.Share < 0.33 || r.Share > 0.34 {
		t.Errorf("Partille %+v", r)
	}
	if m.Rows[len(m.Rows)-1].Key != "Öckerö" {
		t.Errorf("rows not in Swedish order: %+v", m.Rows)
	}
}

func TestAttendanceHuman(t *testing.T) {
	dir := fixtureIndex(t)
	out := mustRun(t, "attendance", "--index", dir)
	lines := strings.Split(out, "\n")
	find := func(prefix string) string {
		for _, l := range lines {
			if strings.HasPrefix(l, prefix) {
				return l
			}
		}
		t.Fatalf("no line starting with %q:\n%s", prefix, out)
		return ""
	}
	if h := find("MUNICIPALITY"); !strings.Contains(h, "2021") || !strings.Contains(h, "2022") || !strings.Contains(h, "SHARE") {
		t.Errorf("header %q", h)
	}
	if f := strings.Fields(find("Göteborg")); strings.Join(f, " ") != "Göteborg 1 2 100% 2021-03-10 2022-11-30" {
		t.Errorf("Göteborg row %q", f)
	}
	if l := find("Öckerö"); !strings.Contains(l, "⚠ stopped") || !strings.Contains(l, "·") {
		t.Errorf("Öckerö row %q: want the stopped mark and a dot for no meeting", l)
	}
	if l := find("Partille"); strings.Contains(l, "stopped") {
		t.Errorf("Partille row %q marked stopped", l)
	}
	if f := strings.Fields(find("meetings held")); strings.Join(f, " ") != "meetings held 1 2 3" {
		t.Errorf("held row %q", f)
	}
	if !strings.Contains(out, "Stopped attending") || !strings.Contains(out, "⚠ Öckerö: last seen 2021-03-10") {
		t.Errorf("no list of those who stopped:\n%s", out)
	}
}

func TestAttendancePerQuarterByPersonCSV(t *testing.T) {
	dir := fixtureIndex(t)
	out := mustRun(t, "attendance", "--index", dir, "--csv", "--per", "quarter", "--by", "person", "--from", "2022")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"person", "2022-Q2", "2022-Q4", "attended", "share", "first", "last", "stopped"},
		{"(meetings held)", "1", "1", "2", "", "", "", ""},
		{"Anna Ek", "1", "1", "2", "1.000", "2022-05-04", "2022-11-30", "false"},
		{"Cia Berg", "1", "0", "1", "0.500", "2022-05-04", "2022-05-04", "true"},
		{"Dan Holm", "0", "1", "1", "0.500", "2022-11-30", "2022-11-30", "false"},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows:\n%s", out)
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q, want %q", i, rows[i], want[i])
		}
	}
}

func TestAttendanceBadFlags(t *testing.T) {
	dir := fixtureIndex(t)
	for _, args := range [][]string{{"--per", "week"}, {"--by", "party"}, {"--to", "2022-02-30"}} {
		_, errOut, code := runCLI(t, append([]string{"attendance", "--index", dir}, args...)...)
		if code != 1 || !strings.Contains(errOut, args[0]) {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
}

func TestBuildMatrixStopped(t *testing.T) {
	c := &index.AttendanceCounts{
		Held: map[string]int{"2022-11": 1, "2023-01": 2, "2023-02": 1},
		Rows: []index.AttendanceRow{
			{Key: "A", Attended: map[string]int{"2022-11": 1, "2023-02": 1}, First: "2022-11-02", Last: "2023-02-10"},
			{Key: "B", Attended: map[string]int{"2023-01": 2}, First: "2023-01-05", Last: "2023-01-30"},
		},
	}
	m := buildMatrix(c, index.Month)
	if m.LastHeld != "2023-02" || m.Rows[0].Stopped || !m.Rows[1].Stopped || m.Rows[1].Share != 0.5 {
		t.Errorf("matrix %+v", m)
	}
	empty := buildMatrix(&index.AttendanceCounts{}, index.Year)
	if empty.Periods == nil || empty.Rows == nil || empty.Held == nil {
		t.Errorf("empty matrix has nil slices: %+v", empty)
	}
}
