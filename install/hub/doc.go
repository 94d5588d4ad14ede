// Package hub runs gograd for a whole class: a JupyterHub from Debian's
// packages, each student with their own single-user server and kernels, and
// a load test that measures what a class costs.
//
// The set-up is jupyterhub_config.py (one file for tests, run-hub.sh and a real
// host; everything a deployment varies comes from the environment) and
// run-hub.sh, which starts it on 127.0.0.1 and prints the URL. A single-user
// server is Debian's jupyter_server wrapped by jupyterhub-singleuser; it finds
// the gograd kernelspec on JUPYTER_PATH and, when the project's JupyterLab
// build (install/lab) is there, serves it at /lab.
//
// This package drives such a hub the way a class uses it, through public
// interfaces only:
//
//   - the teacher (a hub service with a token) enrols the students
//     (POST /hub/api/users);
//   - each student logs in through the REST API: POST
//     /hub/api/users/<name>/tokens with their name and password, which the
//     hub checks with its authenticator, returns their token;
//   - with that token the student starts their server
//     (POST /hub/api/users/<name>/server), starts kernels on it through the
//     hub's proxy (POST /user/<name>/api/kernels) and runs cells over the
//     kernel's WebSocket (/user/<name>/api/kernels/<id>/channels), as
//     JupyterLab does.
//
// Hub.Run runs a Load: every student at once works through every notebook
// in a fresh kernel, cell by cell, and each cell's outputs are compared with
// the notebook's saved ones by the notebooks package's rules
// (notebooks.OutputProblems), so a load run is also a correctness run. While
// it runs, a sampler reads /proc every 200 ms for the resident (RSS) and
// proportional (PSS) memory of each kernel with its children, of each
// single-user server process and of the hub with its proxy. The Report gives
// the cell latencies and those peaks; Summary reduces it to one row of the
// load table and estimates the students a machine holds: (memory - hub) /
// (server + one kernel at its median peak, PSS).
//
// A kernel's memory is bounded by an address-space limit (RLIMIT_AS, set
// with prlimit on each single-user server and inherited by its kernels): it
// needs neither root nor cgroups. Past it, ipykernel raises MemoryError;
// the gograd kernel, whose Go runtime cannot recover from a failed
// allocation, exits, and the server restarts it and tells the front end,
// which shows the kernel restarting. The tests check both, and that the
// other students' cells are not disturbed.
//
// The WebSocket client (ws.go) is the small part of RFC 6455 a client of
// the kernel channel needs: text messages, masking, fragments, ping and
// close.
package hub
