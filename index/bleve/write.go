package bleve

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/goteborgsregionen/minutes/index"
)

// Write applies a batch in one Bleve batch, so that an import makes few
// segments: the deletion of every earlier document of the batch's meetings,
// their new documents and the file records. Bleve applies a batch whole or
// not at all, so an error concerns every file of it.
func (b *Backend) Write(ctx context.Context, wb *index.Batch) error {
	batch := b.idx.NewBatch()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, id := range wb.DeleteMeetings {
		if err := b.deleteMeetingDocs(ctx, batch, id); err != nil {
			return fmt.Errorf("delete meeting %s: %w", id, err)
		}
	}
	for _, m := range wb.Meetings {
		if m == nil || m.ID == "" {
			return errors.New("write: meeting without ID")
		}
		if err := b.deleteMeetingDocs(ctx, batch, m.ID); err != nil {
			return fmt.Errorf("put meeting %s: %w", m.ID, err)
		}
		docs, err := bleveMeetingDocs(m)
		if err != nil {
			return fmt.Errorf("put meeting %s: %w", m.ID, err)
		}
		for _, d := range docs {
			if err := batch.Index(d.id, d.fields); err != nil {
				return fmt.Errorf("put meeting %s: document %s: %w", m.ID, d.id, err)
			}
		}
	}
	for _, fw := range wb.Files {
		if fw.Path == "" {
			return errors.New("write: file without path")
		}
		if fw.Record == nil {
			batch.Delete(fw.Path)
			continue
		}
		rec := *fw.Record
		rec.Path = fw.Path
		d, err := bleveFileDoc(rec)
		if err != nil {
			return err
		}
		if err := batch.Index(d.id, d.fields); err != nil {
			return fmt.Errorf("put file %s: %w", fw.Path, err)
		}
	}
	if batch.Size() == 0 {
		return nil
	}
	if err := b.apply(batch); err != nil {
		return fmt.Errorf("write %d meetings, %d files: %w", len(wb.Meetings), len(wb.Files), err)
	}
	return nil
}

// Candidates returns the paths of the files whose fingerprint is fp and,
// when date is not "", the IDs of the meetings of that date.
func (b *Backend) Candidates(ctx context.Context, fp, date string) (paths, ids []string, err error) {
	if fp != "" {
		// Only file records have a fingerprint field.
		err := b.each(ctx, bleveTerm("fingerprint", fp), nil, func(h bleveHit) error {
			paths = append(paths, h.ID)
			return nil
		})
		if err != nil {
			return nil, nil, fmt.Errorf("files of fingerprint %s: %w", fp, err)
		}
	}
	if date == "" {
		return paths, nil, nil
	}
	// A meeting's day is a keyword term: one term lookup, where a date
	// range would expand to the date field's terms.
	if _, err := time.Parse(time.DateOnly, date); err != nil {
		return paths, nil, nil // no valid date: no meeting is stored with it
	}
	q := bleveTerm("day", date)
	err = b.each(ctx, q, nil, func(h bleveHit) error {
		ids = append(ids, h.ID)
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("meetings of %s: %w", date, err)
	}
	return paths, ids, nil
}
