package index

import "io/fs"

// StatOf returns the FileStat of a file's info (from os.Stat or os.Lstat):
// its size and modification time, and its inode and device where the
// system has them.
func StatOf(fi fs.FileInfo) FileStat {
	st := FileStat{Size: fi.Size(), ModTime: fi.ModTime().UTC()}
	st.Inode, st.Device = inodeDevice(fi)
	return st
}
