package es

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/goteborgsregionen/minutes/index"
)

// esMeetingHit is a meeting search hit in Elasticsearch 7.17's format.
func esMeetingHit(id, date string) string {
	return fmt.Sprintf(`{"_index":"minutes-v2","_id":%q,"_score":null,
	  "_source":{"meeting_id":%q,"date":%q,"attendee_count":1,"item_count":0,"decision_count":0},
	  "sort":[%q,%q]}`, id, id, date, date, id)
}

// TestESListPaging: a list longer than one search window is fetched with
// search_after from the last hit's sort values, up to the limit.
func TestESListPaging(t *testing.T) {
	defer func(n int) { esWindow = n }(esWindow)
	esWindow = 2
	f, ts := readyFake(t)
	all := []string{esMeetingHit("m5", "2023-05-01"), esMeetingHit("m4", "2023-04-01"),
		esMeetingHit("m3", "2023-03-01"), esMeetingHit("m2", "2023-02-01"), esMeetingHit("m1", "2023-01-01")}
	var reqs []map[string]any
	f.Search = func(n int, b []byte) (int, string) {
		var req map[string]any
		if err := json.Unmarshal(b, &req); err != nil {
			t.Fatal(err)
		}
		reqs = append(reqs, req)
		from := 0
		if after, ok := req["search_after"].([]any); ok {
			for i, h := range all {
				if strings.Contains(h, fmt.Sprintf(`"sort":[%q,%q]`, after[0], after[1])) {
					from = i + 1
				}
			}
		}
		size := int(req["size"].(float64))
		to := min(len(all), from+size)
		return 200, `{"took":1,"timed_out":false,"hits":{"total":{"value":5,"relation":"eq"},"hits":[` +
			strings.Join(all[from:to], ",") + `]}}`
	}
	e := openFakeES(t, ts.URL)
	ctx := context.Background()
	for _, c := range []struct {
		limit    int
		ids      string
		requests int
	}{
		{index.All, "m5 m4 m3 m2 m1", 3},
		{3, "m5 m4 m3", 2},
		{1, "m5", 1},
	} {
		reqs = nil
		got, err := e.Meetings(ctx, index.Filter{Limit: c.limit})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, m := range got.Hits {
			ids = append(ids, m.ID)
		}
		if strings.Join(ids, " ") != c.ids || got.Total != 5 || len(reqs) != c.requests {
			t.Errorf("limit %d: %v of %d in %d requests; want %s of 5 in %d", c.limit, ids, got.Total, len(reqs), c.ids, c.requests)
		}
		if len(reqs) > 1 && fmt.Sprint(reqs[1]["search_after"]) != "[2023-04-01 m4]" {
			t.Errorf("limit %d: second request after %v", c.limit, reqs[1]["search_after"])
		}
	}
}
