package bleve

import (
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/sv"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
)

// Swedish analysis. Bleve's "sv" analyzer (Snowball) leaves the definite
// neuter ending -et alone, so "socionomprogram" would not find
// "socionomprogrammet", nor "möte" "mötet". The minutes_sv analyzer is "sv"
// followed by two small filters that fix that. The Elasticsearch backend
// builds the same analyzer from its "swedish" parts and two pattern_replace
// filters (index/es); a change here must be made there too, with a new
// Schema and es.MappingVersion.
const (
	// bleveSvAnalyzer is the analyzer of all text fields and text queries.
	bleveSvAnalyzer = "minutes_sv"
	// bleveSvDefinite strips a final "et" up to twice while at least three
	// characters remain (ES: pattern "^(.{3,}?)(?:et){1,2}$" → "$1").
	bleveSvDefinite = "minutes_sv_definite"
	// bleveSvUndouble drops the last of two equal final consonants
	// (ES: pattern "^(.*)([bcdfghjklmnpqrstvwxz])\2$" → "$1$2").
	bleveSvUndouble = "minutes_sv_undouble"
)

func init() {
	for name, f := range map[string]bleveTermFilter{bleveSvDefinite: SvDefinite, bleveSvUndouble: SvUndouble} {
		err := registry.RegisterTokenFilter(name, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
			return f, nil
		})
		if err != nil {
			panic(err)
		}
	}
}

// bleveAddSvAnalyzer adds the minutes_sv analyzer to im.
func bleveAddSvAnalyzer(im *mapping.IndexMappingImpl) error {
	return im.AddCustomAnalyzer(bleveSvAnalyzer, map[string]any{
		"type":      custom.Name,
		"tokenizer": unicode.Name,
		"token_filters": []any{
			lowercase.Name,
			sv.StopName,
			sv.SnowballStemmerName,
			bleveSvDefinite,
			bleveSvUndouble,
		},
	})
}

// bleveTermFilter is a token filter rewriting each term that is not a
// keyword with fn.
type bleveTermFilter func(string) string

// Filter rewrites the terms of input.
func (f bleveTermFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		if !tok.KeyWord {
			if t := f(string(tok.Term)); t != string(tok.Term) {
				tok.Term = []byte(t)
			}
		}
	}
	return input
}

// Terms returns the terms the Swedish analyzer of every text field and text
// query makes of text, in order. The Elasticsearch backend's tests compare
// them with its own analyzer's.
func Terms(text string) ([]string, error) {
	im, err := termsMapping()
	if err != nil {
		return nil, err
	}
	an := im.AnalyzerNamed(bleveSvAnalyzer)
	if an == nil {
		return nil, fmt.Errorf("no Bleve analyzer %s", bleveSvAnalyzer)
	}
	var out []string
	for _, tok := range an.Analyze([]byte(text)) {
		out = append(out, string(tok.Term))
	}
	return out, nil
}

// termsMapping is the mapping whose analyzer Terms runs, built once.
var termsMapping = sync.OnceValues(bleveMapping)

// SvDefinite, a term filter of the Swedish analyzer, strips a final "et" up
// to twice while at least three characters remain: "socionomprogrammet" →
// "socionomprogramm", "paketet" → "pak".
func SvDefinite(t string) string {
	for range 2 {
		rest, ok := strings.CutSuffix(t, "et")
		if !ok || utf8.RuneCountInString(rest) < 3 {
			break
		}
		t = rest
	}
	return t
}

// SvUndouble, a term filter of the Swedish analyzer, drops the last of two
// equal final consonants: "socionomprogramm" → "socionomprogram".
func SvUndouble(t string) string {
	n := len(t)
	if n >= 2 && t[n-1] == t[n-2] && strings.IndexByte("bcdfghjklmnpqrstvwxz", t[n-1]) >= 0 {
		return t[:n-1]
	}
	return t
}
