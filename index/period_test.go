package index

import (
	"reflect"
	"testing"
)

func TestAttendanceCountsPeriods(t *testing.T) {
	c := &AttendanceCounts{
		Held: map[string]int{"2022-Q4": 2, "2021-Q1": 1},
		Rows: []AttendanceRow{
			{Key: "Ale", Attended: map[string]int{"2021-Q1": 1, "2023-Q2": 1}},
			{Key: "Lerum", Attended: map[string]int{"2022-Q4": 1}},
		},
	}
	want := []string{"2021-Q1", "2022-Q4", "2023-Q2"}
	if got := c.Periods(); !reflect.DeepEqual(got, want) {
		t.Errorf("Periods() = %v, want %v", got, want)
	}
	if got := (&AttendanceCounts{}).Periods(); len(got) != 0 {
		t.Errorf("no counts: Periods() = %v", got)
	}
}
