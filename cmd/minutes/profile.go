package main

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"
)

// startProfile writes a CPU profile of the whole command to the file named by
// $MINUTES_CPUPROFILE and a heap profile at its end to $MINUTES_MEMPROFILE,
// for the measurements of BENCHMARKS.md. It returns the function that stops
// them; without the variables it does nothing.
func startProfile(stderr io.Writer) func() {
	stopCPU := startCPUProfile(stderr)
	return func() {
		stopCPU()
		writeHeapProfile(stderr)
	}
}

// writeHeapProfile writes the heap profile to $MINUTES_MEMPROFILE, if set.
func writeHeapProfile(stderr io.Writer) {
	path := os.Getenv("MINUTES_MEMPROFILE")
	if path == "" {
		return
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.Lookup("heap").WriteTo(f, 0)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "minutes: heap profile: %v\n", err)
	}
}

func startCPUProfile(stderr io.Writer) func() {
	path := os.Getenv("MINUTES_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintf(stderr, "minutes: cpu profile: %v\n", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintf(stderr, "minutes: cpu profile: %v\n", err)
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
