package hub

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// proc is one process as /proc shows it.
type proc struct {
	pid, ppid int
	cmdline   string
}

// processes lists every process on the machine (those that vanish while
// being read are skipped).
func processes() []proc {
	ents, _ := os.ReadDir("/proc")
	var ps []proc
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// The command name in stat is in parentheses and may hold spaces:
		// the fields after the last ')' are "state ppid ...".
		i := bytes.LastIndexByte(stat, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(stat[i+1:]))
		if len(f) < 2 {
			continue
		}
		ppid, _ := strconv.Atoi(f[1])
		cl, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		ps = append(ps, proc{pid, ppid, string(bytes.ReplaceAll(cl, []byte{0}, []byte{' '}))})
	}
	return ps
}

// descendants returns pid and every process below it.
func descendants(ps []proc, pid int) []int {
	kids := map[int][]int{}
	for _, p := range ps {
		kids[p.ppid] = append(kids[p.ppid], p.pid)
	}
	var out []int
	stack := []int{pid}
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		out = append(out, p)
		stack = append(stack, kids[p]...)
	}
	return out
}

// Mem is a process tree's memory in bytes: resident (RSS) and proportional
// (PSS, where pages shared between processes, such as the text of one binary
// run by many kernels, count once overall).
type Mem struct{ RSS, PSS int64 }

// treeMem sums RSS and PSS over pids.
func treeMem(pids []int) Mem {
	var m Mem
	for _, pid := range pids {
		m.RSS += statusKB(pid, "VmRSS:") << 10
		m.PSS += rollupKB(pid, "Pss:") << 10
	}
	return m
}

func statusKB(pid int, key string) int64 {
	return fieldKB(filepath.Join("/proc", strconv.Itoa(pid), "status"), key)
}
func rollupKB(pid int, key string) int64 {
	return fieldKB(filepath.Join("/proc", strconv.Itoa(pid), "smaps_rollup"), key)
}

// fieldKB reads a "Key:   123 kB" line of a /proc file (0 if absent).
func fieldKB(path, key string) int64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, key) {
			f := strings.Fields(line[len(key):])
			if len(f) > 0 {
				n, _ := strconv.ParseInt(f[0], 10, 64)
				return n
			}
		}
	}
	return 0
}

// kernelPid finds the process of a kernel by its connection file, which
// jupyter_server names kernel-<id>.json and passes on the kernel's command line.
func kernelPid(ps []proc, id string) int {
	for _, p := range ps {
		if strings.Contains(p.cmdline, "kernel-"+id+".json") && !strings.HasPrefix(p.cmdline, "prlimit") {
			return p.pid
		}
	}
	return 0
}
