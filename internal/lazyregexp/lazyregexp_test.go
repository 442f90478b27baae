package lazyregexp

import (
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// lazy returns expr uncompiled, as New does outside a test binary.
func lazy(expr string) *Regexp { return &Regexp{expr: expr} }

func TestMethodsAsRegexp(t *testing.T) {
	const expr = `(?i)(\p{L}+)\s*(\d+)`
	want := regexp.MustCompile(expr)
	for _, s := range []string{"", "punkt 12", "Punkt 3 och § 4, ärende 5", "inga siffror", "åtta8"} {
		r := lazy(expr)
		b := []byte(s)
		upper := func(m string) string { return strings.ToUpper(m) }
		got := []any{r.Match(b), r.MatchString(s), r.Find(b), r.FindSubmatch(b), r.FindString(s),
			r.FindStringIndex(s), r.FindStringSubmatch(s), r.FindStringSubmatchIndex(s),
			r.FindAllString(s, -1), r.FindAllStringSubmatch(s, 2), r.ReplaceAllString(s, "<$2>"),
			r.ReplaceAllStringFunc(s, upper), r.Split(s, -1)}
		exp := []any{want.Match(b), want.MatchString(s), want.Find(b), want.FindSubmatch(b), want.FindString(s),
			want.FindStringIndex(s), want.FindStringSubmatch(s), want.FindStringSubmatchIndex(s),
			want.FindAllString(s, -1), want.FindAllStringSubmatch(s, 2), want.ReplaceAllString(s, "<$2>"),
			want.ReplaceAllStringFunc(s, upper), want.Split(s, -1)}
		for i := range exp {
			if !reflect.DeepEqual(got[i], exp[i]) {
				t.Errorf("%q: method %d = %#v, regexp gives %#v", s, i, got[i], exp[i])
			}
		}
	}
}

func TestCompiledOnFirstUse(t *testing.T) {
	r := lazy(`^a+$`)
	if r.String() != `^a+$` || r.rx != nil {
		t.Fatalf("String = %q, compiled %v; want the source, not compiled", r.String(), r.rx != nil)
	}
	if !r.MatchString("aaa") || r.rx == nil {
		t.Fatal("MatchString did not compile the expression or did not match")
	}
	first := r.rx
	r.MatchString("b")
	if r.rx != first {
		t.Error("the expression was compiled twice")
	}
}

// TestConcurrentFirstUse has goroutines race to the first use (run with
// -race).
func TestConcurrentFirstUse(t *testing.T) {
	r := lazy(`§\s*(\d+)`)
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if m := r.FindStringSubmatch("KS § 12"); len(m) != 2 || m[1] != "12" {
				errs <- strings.Join(m, "|")
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Errorf("FindStringSubmatch = %q, want the number 12", e)
	}
}

func TestNewCompilesInTests(t *testing.T) {
	if !inTest {
		t.Fatal("a test binary is not recognised as one")
	}
	if r := New(`x`); r.rx == nil {
		t.Error("New did not compile at once in a test")
	}
	defer func() {
		if recover() == nil {
			t.Error("New accepted a malformed expression in a test")
		}
	}()
	New(`(unclosed`)
}
