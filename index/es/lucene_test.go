package es

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/goteborgsregionen/minutes/index/bleve"
)

// The Lucene analysis check: the analysis chain the Elasticsearch mapping
// declares (esAnalysis), run by Lucene's own classes (Debian's
// liblucene8-java, Lucene 8.7; Elasticsearch 7.17 runs Lucene 8.11, whose
// StandardTokenizer, Swedish stop words and Snowball Swedish stemmer are the
// same), compared token by token with the Bleve analyzer (bleve.Terms,
// index/bleve/sv.go) on testdata/lucene/words-sv.txt. So "both backends find
// the same words" is measured, not assumed.
//
// Needs java, javac and the Lucene jars (LUCENE_JARS, a class path, or
// /usr/share/java/lucene-{core,analyzers-common}-8*.jar). Without them the
// test is skipped, unless MINUTES_REQUIRE_LUCENE is set (CI sets it, and
// installs them: .ci/run), which makes it fail.

// luceneClasspath returns the class path of the Lucene jars, "" when they
// are not found.
func luceneClasspath() string {
	if cp := os.Getenv("LUCENE_JARS"); cp != "" {
		return cp
	}
	var jars []string
	for _, pat := range []string{"lucene-core-8*.jar", "lucene-analyzers-common-8*.jar"} {
		m, _ := filepath.Glob(filepath.Join("/usr/share/java", pat))
		if len(m) == 0 {
			return ""
		}
		slices.Sort(m)
		jars = append(jars, m[len(m)-1])
	}
	return strings.Join(jars, string(filepath.ListSeparator))
}

// runLucene compiles and runs testdata/lucene/AnalysisCheck.java on the lines
// of input and returns the tokens of each line.
func runLucene(t *testing.T, cp string, args []string, input []byte) [][]string {
	t.Helper()
	classes := t.TempDir()
	javac := exec.Command("javac", "-encoding", "UTF-8", "-cp", cp, "-d", classes,
		filepath.Join("testdata", "lucene", "AnalysisCheck.java"))
	if out, err := javac.CombinedOutput(); err != nil {
		t.Fatalf("javac: %v\n%s", err, out)
	}
	java := exec.Command("java", append([]string{"-cp", cp + string(filepath.ListSeparator) + classes, "AnalysisCheck"}, args...)...)
	java.Stdin = bytes.NewReader(input)
	var stderr bytes.Buffer
	java.Stderr = &stderr
	out, err := java.Output()
	if err != nil {
		t.Fatalf("java AnalysisCheck: %v\n%s", err, stderr.Bytes())
	}
	var lines [][]string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		lines = append(lines, strings.Fields(sc.Text()))
	}
	return lines
}

// esPatternFilters checks that the mapping's analyzer is the chain
// AnalysisCheck.java builds (standard tokenizer, lowercase, Swedish stop
// words, Snowball Swedish stemmer, then pattern_replace filters) and returns
// the pattern_replace filters' pattern and replacement pairs in order.
func esPatternFilters(t *testing.T) []string {
	t.Helper()
	a := esAnalysis()
	filters := a["filter"].(map[string]any)
	an := a["analyzer"].(map[string]any)[esAnalyzer].(map[string]any)
	if an["type"] != "custom" || an["tokenizer"] != "standard" {
		t.Fatalf("analyzer %v: not the custom analyzer on the standard tokenizer AnalysisCheck builds", an)
	}
	chain := an["filter"].([]string)
	if len(chain) < 3 || chain[0] != "lowercase" {
		t.Fatalf("filter chain %q does not start with lowercase, stop, stemmer", chain)
	}
	if f := filters[chain[1]].(map[string]any); f["type"] != "stop" || f["stopwords"] != "_swedish_" || len(f) != 2 {
		t.Fatalf("filter %s = %v, want the Swedish stop words", chain[1], f)
	}
	if f := filters[chain[2]].(map[string]any); f["type"] != "stemmer" || f["language"] != "swedish" || len(f) != 2 {
		t.Fatalf("filter %s = %v, want the Swedish Snowball stemmer", chain[2], f)
	}
	var args []string
	for _, name := range chain[3:] {
		f := filters[name].(map[string]any)
		if f["type"] != "pattern_replace" || len(f) != 3 { // "all" defaults to true, as in AnalysisCheck
			t.Fatalf("filter %s = %v: AnalysisCheck knows only pattern_replace after the stemmer", name, f)
		}
		args = append(args, f["pattern"].(string), f["replacement"].(string))
	}
	return args
}

func TestLuceneAnalysis(t *testing.T) {
	cp := luceneClasspath()
	_, errJava := exec.LookPath("java")
	_, errJavac := exec.LookPath("javac")
	if cp == "" || errJava != nil || errJavac != nil {
		msg := "java, javac or the Lucene jars missing (apt-get install liblucene8-java default-jdk-headless, or LUCENE_JARS)"
		if os.Getenv("MINUTES_REQUIRE_LUCENE") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	args := esPatternFilters(t)
	input, err := os.ReadFile(filepath.Join("testdata", "lucene", "words-sv.txt"))
	if err != nil {
		t.Fatal(err)
	}
	words := strings.Split(strings.TrimRight(string(input), "\n"), "\n")
	lucene := runLucene(t, cp, args, input)
	if len(lucene) != len(words) {
		t.Fatalf("AnalysisCheck printed %d lines for %d", len(lucene), len(words))
	}
	same := 0
	for i, w := range words {
		bl, err := bleve.Terms(w)
		if err != nil {
			t.Fatal(err)
		}
		if lu := lucene[i]; slices.Equal(lu, bl) {
			same++
		} else {
			t.Errorf("%q: Lucene %q, Bleve %q", w, lu, bl)
		}
	}
	t.Logf("%d of %d lines give the same tokens", same, len(words))
}
