package es

// Batched, confirmed writes on Elasticsearch (Backend.Write) over the
// explicit bulk code of bulk.go.

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/olivere/elastic/v7"
	"github.com/sirupsen/logrus"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/index"
)

// Write applies a batch in two rounds of bulk requests: the meetings (their
// documents, the surplus documents of earlier versions and of deleted
// meetings removed by ID), then the records of the files whose meetings were
// all confirmed. A document Elasticsearch did not confirm fails its meeting,
// and with it every file waiting for that meeting; a record not confirmed
// fails its file. The index is refreshed, so that reads see the batch when
// Write returns.
func (e *Backend) Write(ctx context.Context, b *index.Batch) error {
	e.wmu.Lock()
	defer e.wmu.Unlock()
	if e.closed {
		return errESClosed
	}
	failedMeetings := map[string]error{}
	var acts []esAction
	for _, id := range b.DeleteMeetings {
		old, _, err := e.storedCounts(ctx, id)
		if err != nil {
			failedMeetings[id] = err
			continue
		}
		acts = append(acts, esAction{Op: "delete", ID: id, Meeting: id})
		for _, doc := range esSurplusIDs(&minutes.Meeting{ID: id}, old) {
			acts = append(acts, esAction{Op: "delete", ID: doc, Meeting: id})
		}
	}
	fresh := map[string]bool{} // meetings with no stored version
	for _, m := range b.Meetings {
		ma, stored, err := e.meetingActions(ctx, m, esCounts{})
		if err != nil {
			failedMeetings[m.ID] = err
			continue
		}
		fresh[m.ID] = !stored
		acts = append(acts, ma...)
	}
	results := e.bulk(ctx, acts)
	for _, f := range results {
		if f != nil && failedMeetings[f.Meeting] == nil {
			failedMeetings[f.Meeting] = fmt.Errorf("elasticsearch: %s", f)
		}
	}
	e.takeOut(ctx, acts, results, fresh, failedMeetings)

	failedFiles := map[string]error{}
	acts = acts[:0]
	for _, fw := range b.Files {
		var cause error
		for _, id := range fw.Needs {
			if err := failedMeetings[id]; err != nil {
				cause = fmt.Errorf("meeting %s not written: %w", id, err)
				break
			}
		}
		if cause != nil {
			failedFiles[fw.Path] = cause
			continue
		}
		if fw.Record == nil {
			acts = append(acts, esDeleteFileAction(fw.Path))
			continue
		}
		rec := *fw.Record
		rec.Path = fw.Path
		a, err := esFileAction(rec)
		if err != nil {
			failedFiles[fw.Path] = err
			continue
		}
		acts = append(acts, a)
	}
	for _, f := range e.bulk(ctx, acts) {
		if f != nil {
			failedFiles[f.File] = fmt.Errorf("elasticsearch: file record: %s", f)
		}
	}
	if _, err := e.client.Refresh(e.alias).Do(ctx); err != nil && len(failedFiles) == 0 {
		// Written, but perhaps not yet visible: the next reads may miss
		// the batch, which is no loss of data.
		return fmt.Errorf("elasticsearch: refresh: %w", err)
	}
	if len(failedFiles) > 0 {
		return &index.WriteError{Files: failedFiles}
	}
	return nil
}

// Candidates returns the paths of the files whose fingerprint is fp and,
// when date is not "", the IDs of the meetings of that date (searches: they
// see what was written up to the last Flush or Write).
func (e *Backend) Candidates(ctx context.Context, fp, date string) (paths, ids []string, err error) {
	search := func(q elastic.Query, field string) ([]string, error) {
		src := elastic.NewSearchSource().Query(q).Size(esFilesPage).
			FetchSourceContext(elastic.NewFetchSourceContext(field != "").Include(field))
		res, err := e.client.Search(e.alias).SearchSource(src).Do(ctx)
		if err != nil {
			return nil, esSearchError("candidates", err)
		}
		var out []string
		if res.Hits == nil {
			return out, nil
		}
		for _, h := range res.Hits.Hits {
			if field == "" {
				out = append(out, h.Id)
				continue
			}
			var d map[string]any
			if err := json.Unmarshal(h.Source, &d); err != nil {
				return nil, esSearchError("candidates: hit "+h.Id, err)
			}
			if s, _ := d[field].(string); s != "" {
				out = append(out, s)
			}
		}
		return out, nil
	}
	if fp != "" {
		paths, err = search(elastic.NewBoolQuery().Filter(
			elastic.NewTermQuery("kind", esKindFile), elastic.NewTermQuery("fingerprint", fp)), "path")
		if err != nil {
			return nil, nil, err
		}
	}
	if _, err := time.Parse(time.DateOnly, date); err != nil {
		return paths, nil, nil // no valid date: no meeting is stored with it
	}
	ids, err = search(elastic.NewBoolQuery().Filter(
		elastic.NewTermQuery("kind", esKindMeeting), esDateRange{gte: date, lte: date}), "")
	if err != nil {
		return nil, nil, err
	}
	return paths, ids, nil
}

// takeOut deletes again the documents of a new meeting (fresh) that was not
// wholly written: they would show part of a meeting whose files are not
// recorded, in every query, until the next import writes it whole. (Of a
// stored meeting nothing is deleted: its earlier version is in part
// overwritten already, and the next import writes it whole.) acts were sent
// with results.
func (e *Backend) takeOut(ctx context.Context, acts []esAction, results []*ItemFailure, fresh map[string]bool, failed map[string]error) {
	var undo []esAction
	for i, a := range acts {
		if results[i] == nil && a.Op == "index" && fresh[a.Meeting] && failed[a.Meeting] != nil {
			undo = append(undo, esAction{Op: "delete", ID: a.ID, Meeting: a.Meeting})
		}
	}
	for _, f := range e.bulk(ctx, undo) {
		if f != nil {
			logrus.WithFields(logrus.Fields{"meeting": f.Meeting, "document": f.ID, "err": f.String()}).
				Warn("elasticsearch: a document of a meeting not wholly written could not be removed")
		}
	}
}
