// Package lazyregexp is a thin wrapper over regexp whose expressions compile
// on first use rather than when the program starts.
//
// The rules of extract and the PDF reader hold over a hundred package-level
// expressions; compiled by regexp.MustCompile they cost every command, even
// "minutes version", some 15 ms of start-up. A Regexp compiles once, safely
// for concurrent use, the first time one of its methods runs. Under "go test"
// New compiles at once, so that a malformed expression still fails every
// test of its package rather than only the one that reaches it.
//
// The idea and the test rule are those of Go's own internal/lazyregexp.
package lazyregexp

import (
	"os"
	"regexp"
	"strings"
	"sync"
)

// Regexp is a regular expression compiled the first time it is used. Its
// methods are those of regexp.Regexp of the same name.
type Regexp struct {
	expr string
	once sync.Once
	rx   *regexp.Regexp
}

// New returns the expression expr, to be compiled by regexp.MustCompile on
// first use (at once under "go test").
func New(expr string) *Regexp {
	r := &Regexp{expr: expr}
	if inTest {
		r.re()
	}
	return r
}

// inTest reports whether the program is a test binary ("extract.test").
var inTest = len(os.Args) > 0 && strings.HasSuffix(strings.TrimSuffix(os.Args[0], ".exe"), ".test")

// re returns the compiled expression, compiling it on the first call.
func (r *Regexp) re() *regexp.Regexp {
	r.once.Do(func() { r.rx = regexp.MustCompile(r.expr) })
	return r.rx
}

// String returns the source text of the expression without compiling it.
func (r *Regexp) String() string { return r.expr }

func (r *Regexp) Match(b []byte) bool            { return r.re().Match(b) }
func (r *Regexp) MatchString(s string) bool      { return r.re().MatchString(s) }
func (r *Regexp) Find(b []byte) []byte           { return r.re().Find(b) }
func (r *Regexp) FindSubmatch(b []byte) [][]byte { return r.re().FindSubmatch(b) }
func (r *Regexp) FindString(s string) string     { return r.re().FindString(s) }
func (r *Regexp) FindStringIndex(s string) []int {
	return r.re().FindStringIndex(s)
}
func (r *Regexp) FindStringSubmatch(s string) []string {
	return r.re().FindStringSubmatch(s)
}
func (r *Regexp) FindStringSubmatchIndex(s string) []int {
	return r.re().FindStringSubmatchIndex(s)
}
func (r *Regexp) FindAllString(s string, n int) []string {
	return r.re().FindAllString(s, n)
}
func (r *Regexp) FindAllStringSubmatch(s string, n int) [][]string {
	return r.re().FindAllStringSubmatch(s, n)
}
func (r *Regexp) ReplaceAllString(src, repl string) string {
	return r.re().ReplaceAllString(src, repl)
}
func (r *Regexp) ReplaceAllStringFunc(src string, repl func(string) string) string {
	return r.re().ReplaceAllStringFunc(src, repl)
}
func (r *Regexp) Split(s string, n int) []string { return r.re().Split(s, n) }
