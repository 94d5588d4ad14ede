package session

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
)

// The magics that reach the operating system: !cmd, %env, %cd, %pwd,
// %%writefile; and %lsmagic and %help.

// shellMagic runs a line with /bin/sh. Its output goes to file descriptors
// 1 and 2, which are the cell's streams while it runs, so it streams as it
// comes. A status other than 0 is reported on stderr, and an interrupt
// kills the command.
func shellMagic(s *Session, c *magicCall) (map[string]any, *cellErr) {
	s.streams.flush()
	cmd := exec.CommandContext(c.ctx, "/bin/sh", "-c", c.args)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	err := cmd.Run()
	if c.ctx.Err() != nil {
		return nil, &cellErr{name: "KeyboardInterrupt"}
	}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		s.streams.writer(streamStderr).Write([]byte("exit status " + strconv.Itoa(exit.ExitCode()) + "\n"))
	case err != nil:
		return nil, &cellErr{name: "OSError", value: err.Error()}
	}
	return nil, nil
}

// envMagic: no argument shows the environment, NAME shows one variable,
// NAME=value or NAME value sets one and says so, as IPython's %env.
func envMagic(s *Session, c *magicCall) (map[string]any, *cellErr) {
	args := c.args
	if args == "" {
		env := os.Environ()
		sort.Strings(env)
		parts := make([]string, len(env))
		for i, kv := range env {
			k, v, _ := strings.Cut(kv, "=")
			parts[i] = strconv.Quote(k) + ": " + strconv.Quote(v)
		}
		return textResult("{" + strings.Join(parts, ",\n ") + "}"), nil
	}
	name, value, set := strings.Cut(args, "=")
	if !set {
		name, value, set = strings.Cut(args, " ")
	}
	name, value = strings.TrimSpace(name), strings.TrimSpace(value)
	if !set {
		v, ok := os.LookupEnv(name)
		if !ok {
			return nil, usageError("Environment does not have key: " + name)
		}
		return textResult(strconv.Quote(v)), nil
	}
	if err := os.Setenv(name, value); err != nil {
		return nil, usageError("%env: " + err.Error())
	}
	s.print("env: " + name + "=" + value + "\n")
	return nil, nil
}

// cdMagic changes the working directory and prints the new one: no
// argument goes home, - to the previous directory.
func cdMagic(s *Session, c *magicCall) (map[string]any, *cellErr) {
	dir := c.args
	prev, _ := os.Getwd()
	switch dir {
	case "":
		home, err := os.UserHomeDir()
		if err != nil {
			return nil, usageError("%cd: " + err.Error())
		}
		dir = home
	case "-":
		if s.prevDir == "" {
			return nil, usageError("%cd -: no previous directory")
		}
		dir = s.prevDir
	default:
		if strings.HasPrefix(dir, "~") {
			if home, err := os.UserHomeDir(); err == nil {
				dir = home + dir[1:]
			}
		}
	}
	if err := os.Chdir(dir); err != nil {
		return nil, usageError("%cd: " + strings.TrimPrefix(err.Error(), "chdir "))
	}
	s.prevDir = prev
	wd, _ := os.Getwd()
	s.print(wd + "\n")
	return nil, nil
}

// pwdMagic shows the working directory as the cell's value.
func pwdMagic(s *Session, c *magicCall) (map[string]any, *cellErr) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, &cellErr{name: "OSError", value: err.Error()}
	}
	return textResult(strconv.Quote(wd)), nil
}

// writefileCell writes the cell's other lines to a file, saying "Writing",
// "Overwriting" or "Appending to" as IPython does.
func writefileCell(s *Session, c *magicCall) (map[string]any, *cellErr) {
	fields := strings.Fields(c.args)
	appendTo := len(fields) > 0 && fields[0] == "-a"
	if appendTo {
		fields = fields[1:]
	}
	if len(fields) != 1 {
		return nil, usageError("%%writefile [-a] file: one file name")
	}
	name := fields[0]
	verb := "Writing"
	flags := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if _, err := os.Stat(name); err == nil {
		verb = "Overwriting"
	}
	if appendTo {
		verb, flags = "Appending to", os.O_WRONLY|os.O_CREATE|os.O_APPEND
	}
	body := c.body
	if !strings.HasSuffix(body, "\n") {
		body += "\n"
	}
	f, err := os.OpenFile(name, flags, 0o644)
	if err == nil {
		_, err = f.WriteString(body)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return nil, &cellErr{name: "OSError", value: err.Error()}
	}
	s.print(verb + " " + name + "\n")
	return nil, nil
}

// lsmagicMagic lists the magics in IPython's layout.
func lsmagicMagic(s *Session, c *magicCall) (map[string]any, *cellErr) {
	var lines, cells []string
	for _, n := range magicNames(false) {
		lines = append(lines, "%"+n)
	}
	for _, n := range magicNames(true) {
		cells = append(cells, "%%"+n)
	}
	return textResult("Available line magics:\n" + strings.Join(lines, "  ") +
		"\n\nAvailable cell magics:\n" + strings.Join(cells, "  ") +
		"\n\n!cmd runs a shell command.\nAutomagic is OFF, % prefix IS needed for line magics."), nil
}

// helpMagic shows each magic's use and what it does.
func helpMagic(s *Session, c *magicCall) (map[string]any, *cellErr) {
	var b strings.Builder
	names := magicNames(false)
	for _, n := range magicNames(true) {
		if magics[n].line == nil {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		m := magics[n]
		fmt.Fprintf(&b, "%s\n    %s\n", m.usage, m.help)
	}
	b.WriteString("!cmd\n    run cmd with /bin/sh, its output streamed to the cell\n")
	return textResult(strings.TrimRight(b.String(), "\n")), nil
}
