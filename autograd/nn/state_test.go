package nn

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/autograd/internal/golden"
	"github.com/gograd/gograd/tensor"
)

// stateGolden is testdata/state.json (gen_state.py, torch 1.13).
type stateGolden struct {
	Reprs          []string
	BatchnormSteps []struct {
		Kind              string
		Momentum          *float64
		Inputs            [][]float64
		Shape             []int
		RunningMean       [][]float64 `json:"running_mean"`
		RunningVar        [][]float64 `json:"running_var"`
		NumBatchesTracked []int       `json:"num_batches_tracked"`
		TrainOut          []float64   `json:"train_out"`
		EvalOut           []float64   `json:"eval_out"`
		EvalGradFn        string      `json:"eval_grad_fn"`
	} `json:"batchnorm_steps"`
	EmbeddingInit []float64 `json:"embedding_init"`
	Net           struct {
		Keys, Parameters, Buffers []string
		Idx                       [][]int
		EvalOut                   []float64 `json:"eval_out"`
	}
	Load map[string]string
}

func loadState(t *testing.T) stateGolden {
	t.Helper()
	var g stateGolden
	golden.Load(t, "testdata/state.json", &g)
	return g
}

// testNet is netdef.py's Net as a Go struct module.
type testNet struct {
	Mode
	Emb   *Embedding
	Block *Sequential
	Norm  *LayerNorm
	Head  *Linear
}

func newTestNet() *testNet {
	return &testNet{Emb: NewEmbedding(6, 4, 0), Block: NewSequential(NewLinear(4, 5), NewBatchNorm1d(5), NewReLU()),
		Norm: NewLayerNorm([]int{5}), Head: NewLinear(5, 2)}
}

func (m *testNet) Forward(idx *autograd.Tensor) *autograd.Tensor {
	return m.Head.Forward(m.Norm.Forward(m.Block.Forward(m.Emb.Forward(idx).MeanDims([]int{1}, false))))
}
func (m *testNet) Parameters() []*autograd.Tensor    { return ParametersOf(m) }
func (m *testNet) NamedParameters() []NamedParameter { return NamedParametersOf(m) }

// near compares float32 results with torch's to rel relative to 1 + |value|.
func near(t *testing.T, what string, got, want []float64, rel float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, torch %d", what, len(got), len(want))
	}
	for i := range got {
		if math.Abs(got[i]-want[i]) > rel*(1+math.Abs(want[i])) {
			t.Errorf("%s[%d] = %.9g, torch %.9g", what, i, got[i], want[i])
			return
		}
	}
}

func TestNormModuleReprs(t *testing.T) {
	g := loadState(t)
	got := []Module{
		NewBatchNorm1d(3), NewBatchNorm2d(6),
		NewBatchNorm1d(4, Eps(1e-3), CumulativeAverage(), Affine(false), TrackRunningStats(false)),
		NewBatchNorm2d(2, Momentum(0.01), Affine(false)), NewLayerNorm([]int{10}),
		NewLayerNorm([]int{3, 4}, Eps(1e-6), ElementwiseAffine(false)), NewEmbedding(10, 3),
		NewEmbedding(10, 3, -2), NewSequential(NewLinear(2, 3), NewBatchNorm1d(3)),
	}
	for i, m := range got {
		if s := fmt.Sprint(m); s != g.Reprs[i] {
			t.Errorf("%q\n torch %q", s, g.Reprs[i])
		}
	}
}

// Batch norm's running statistics and num_batches_tracked over three training steps
// (momentum 0.1, None and 0.3), then an evaluation, bit for bit as torch's.
func TestBatchNormSteps(t *testing.T) {
	g := loadState(t)
	for _, c := range g.BatchnormSteps {
		var opts []NormOption
		if c.Momentum == nil {
			opts = append(opts, CumulativeAverage())
		} else {
			opts = append(opts, Momentum(*c.Momentum))
		}
		var m Module
		var bn *BatchNorm
		if c.Kind == "1d" {
			b := NewBatchNorm1d(3, opts...)
			m, bn = b, &b.BatchNorm
		} else {
			b := NewBatchNorm2d(3, opts...)
			m, bn = b, &b.BatchNorm
		}
		bn.Weight.Data().Copy_(autograd.New([]float64{0.5, 1.5, -1.0}))
		bn.Bias.Data().Copy_(autograd.New([]float64{0.1, -0.2, 0.3}))
		name := fmt.Sprintf("%s%v", c.Kind, c.Shape)
		in := func(i int) *autograd.Tensor {
			return autograd.FromArray(tensor.FromFloat64(append([]float64(nil), c.Inputs[i]...), c.Shape...).To(tensor.Float32))
		}
		var y *autograd.Tensor
		for i := range c.Inputs {
			y = m.Forward(in(i))
			near(t, fmt.Sprintf("%s step %d running_mean", name, i), bn.RunningMean.Array().Float64s(), c.RunningMean[i], 0)
			near(t, fmt.Sprintf("%s step %d running_var", name, i), bn.RunningVar.Array().Float64s(), c.RunningVar[i], 0)
			if n := int(bn.NumBatchesTracked.Item()); n != c.NumBatchesTracked[i] {
				t.Errorf("%s step %d: num_batches_tracked %d, torch %d", name, i, n, c.NumBatchesTracked[i])
			}
		}
		near(t, name+" training output", y.Array().Float64s(), c.TrainOut, 0)
		Eval(m)
		y = m.Forward(in(0))
		near(t, name+" eval output", y.Array().Float64s(), c.EvalOut, 0)
		if y.GradFn().Name() != c.EvalGradFn {
			t.Errorf("%s eval grad_fn %s, torch %s", name, y.GradFn().Name(), c.EvalGradFn)
		}
		if n := int(bn.NumBatchesTracked.Item()); n != len(c.Inputs) {
			t.Errorf("%s: evaluation counted a batch (%d)", name, n)
		}
	}
	// input dims are checked as torch's modules check them
	for _, c := range []struct {
		f    func()
		want string
	}{
		{func() { NewBatchNorm1d(3).Forward(autograd.Ones(2, 3, 4, 5)) }, "ValueError: expected 2D or 3D input (got 4D input)"},
		{func() { NewBatchNorm2d(3).Forward(autograd.Ones(2, 3, 4)) }, "ValueError: expected 4D input (got 3D input)"},
		{func() { NewEmbedding(5, 3, 5) }, "AssertionError: Padding_idx must be within num_embeddings"},
	} {
		if got := golden.PanicText(c.f); got != c.want {
			t.Errorf("%q, torch %q", got, c.want)
		}
	}
}

// After the same seed, an Embedding starts from torch's weights, its padding row zero.
func TestEmbeddingInit(t *testing.T) {
	g := loadState(t)
	tensor.ManualSeed(0)
	if got := NewEmbedding(5, 3, 1).Weight.Array().Float64s(); !slices.Equal(got, g.EmbeddingInit) {
		t.Errorf("%v\n torch %v", got, g.EmbeddingInit)
	}
}

// state_dict, named_parameters and named_buffers give torch's dotted names in torch's
// order.
func TestStateDictNames(t *testing.T) {
	g := loadState(t)
	net := newTestNet()
	if got := StateDictOf(net).Keys(); !slices.Equal(got, g.Net.Keys) {
		t.Errorf("state dict keys %q\n torch %q", got, g.Net.Keys)
	}
	var ps, bs []string
	for _, p := range net.NamedParameters() {
		ps = append(ps, p.Name)
	}
	for _, b := range NamedBuffersOf(net) {
		bs = append(bs, b.Name)
	}
	if !slices.Equal(ps, g.Net.Parameters) || !slices.Equal(bs, g.Net.Buffers) {
		t.Errorf("parameters %q buffers %q\n torch %q %q", ps, bs, g.Net.Parameters, g.Net.Buffers)
	}
	// the dict's tensors share the module's storage
	sd := StateDictOf(net)
	net.Head.Bias.Data().Fill_(7)
	if v := sd.Get("head.bias").Array().Float64s()[0]; v != 7 {
		t.Errorf("state dict entry does not share storage with the parameter: %v", v)
	}
}

func idxTensor(rows [][]int) *autograd.Tensor { return autograd.New(rows) }

// A state dict torch saved (testdata/net.safetensors, written per the format by
// gen_state.py) loads into the Go module, which then computes torch's output.
func TestLoadTorchSafetensors(t *testing.T) {
	g := loadState(t)
	sd, _, err := LoadSafetensors("testdata/net.safetensors")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sd.Keys(), g.Net.Keys) {
		t.Errorf("file order %q\n torch %q", sd.Keys(), g.Net.Keys)
	}
	net := newTestNet()
	if got := LoadStateDict(net, sd).String(); got != "<All keys matched successfully>" {
		t.Fatal(got)
	}
	if n := net.Block.Modules[1].(*BatchNorm1d).NumBatchesTracked; n.Item() != 2 || n.DType() != autograd.Int64 {
		t.Errorf("num_batches_tracked %v", n)
	}
	Eval(net)
	near(t, "eval output", net.Forward(idxTensor(g.Net.Idx)).Array().Float64s(), g.Net.EvalOut, 1e-6)
}

// load_state_dict's errors and results, as torch's.
func TestLoadStateDictErrors(t *testing.T) {
	g := loadState(t)
	z := func(s ...any) *autograd.Tensor { return autograd.Zeros(s...) }
	lin := NewLinear(3, 2)
	seq := NewSequential(NewLinear(3, 2), NewBatchNorm1d(2))
	load := func(m Module, sd StateDict, strict ...bool) func() string {
		return func() string { return LoadStateDict(m, sd, strict...).String() }
	}
	var withoutCount StateDict
	for _, e := range StateDictOf(seq) {
		if e.Name != "1.num_batches_tracked" {
			withoutCount = append(withoutCount, e)
		}
	}
	cases := map[string]func() string{
		"ok":         load(lin, StateDict{{"weight", z(2, 3)}, {"bias", z(2)}}),
		"missing":    load(lin, StateDict{{"weight", z(2, 3)}}),
		"unexpected": load(lin, StateDict{{"weight", z(2, 3)}, {"bias", z(2)}, {"extra", z(1)}}),
		"size":       load(lin, StateDict{{"weight", z(3, 3)}, {"bias", z(2)}}),
		"nonstrict":  load(lin, StateDict{{"weight", z(2, 3)}, {"extra", z(1)}}, false),
		"seq": load(seq, StateDict{{"0.weight", z(2, 4)}, {"1.weight", z(2)}, {"1.bias", z(2)},
			{"2.weight", z(2)}, {"1.extra", z(1)}}),
		"seq_no_count": load(seq, withoutCount),
	}
	if len(cases) != len(g.Load) {
		t.Errorf("%d cases, %d goldens", len(cases), len(g.Load))
	}
	for name, f := range cases {
		var got string
		if p := golden.PanicText(func() { got = f() }); p != "no error" {
			got = p
		}
		if got != g.Load[name] {
			t.Errorf("%s: %q\n torch %q", name, got, g.Load[name])
		}
	}
	// the entries that matched were copied despite the errors, as torch copies them
	l := NewLinear(3, 2)
	golden.PanicText(func() { LoadStateDict(l, StateDict{{"weight", autograd.Full(0.5, 2, 3)}, {"extra", z(1)}}) })
	if v := l.Weight.Array().Float64s()[0]; v != 0.5 {
		t.Errorf("weight not copied: %v", v)
	}
}

// Write then read gives back every dtype, shape and value in order, with the metadata;
// malformed files give errors naming the broken rule.
func TestSafetensorsRoundTrip(t *testing.T) {
	sd := StateDict{
		{"w", autograd.Randn(3, 4)},
		{"d", autograd.New([]float64{math.Pi, -0.0, math.Inf(1)}, autograd.Float64)},
		{"n", autograd.New(int64(-5))},
		{"mask", autograd.New([]bool{true, false, true})},
		{"empty", autograd.Zeros(0, 3)},
		{"empty long", autograd.Zeros(0).Long()},
		{"t", autograd.Randn(4, 3).T()}, // not contiguous
	}
	var buf bytes.Buffer
	if err := WriteSafetensors(&buf, sd, map[string]string{"format": "pt"}); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	if n := binary.LittleEndian.Uint64(raw); (8+n)%8 != 0 || raw[8] != '{' {
		t.Errorf("header length %d: data not 8-byte aligned or header not an object", n)
	}
	got, meta, err := ReadSafetensors(raw)
	if err != nil {
		t.Fatal(err)
	}
	if meta["format"] != "pt" || !slices.Equal(got.Keys(), sd.Keys()) {
		t.Fatalf("metadata %v keys %v", meta, got.Keys())
	}
	for i, e := range sd {
		a, b := e.Tensor.Array(), got[i].Tensor.Array()
		if a.DType() != b.DType() || !slices.Equal(a.Shape(), b.Shape()) || fmt.Sprint(a.Float64s()) != fmt.Sprint(b.Float64s()) {
			t.Errorf("%s: %v %v %v, read %v %v %v", e.Name, a.DType(), a.Shape(), a.Float64s(), b.DType(), b.Shape(), b.Float64s())
		}
	}
	withHeader := func(h string) []byte {
		out := binary.LittleEndian.AppendUint64(nil, uint64(len(h)))
		return append(append(out, h...), make([]byte, 8)...)
	}
	for name, c := range map[string]struct {
		raw  []byte
		want string
	}{
		"short":       {raw[:5], "no header length"},
		"long header": {append(binary.LittleEndian.AppendUint64(nil, 1<<40), raw[8:]...), "exceeds the file"},
		"truncated":   {raw[:len(raw)-1], "do not follow"},
		"extra data":  {append(slices.Clone(raw), 0), "cover"},
		"not json":    {withHeader("[1, 2]  "), "not a JSON object"},
		"dtype":       {withHeader(`{"a":{"dtype":"F8_E5M2","shape":[8],"data_offsets":[0,8]}}`), `dtype "F8_E5M2"`},
		"size":        {withHeader(`{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}`), "8 bytes for shape [3]"},
		"twice":       {withHeader(`{"a":{"dtype":"I64","shape":[],"data_offsets":[0,8]},"a":{"dtype":"I64","shape":[],"data_offsets":[0,8]}}`), "appears twice"},
		"hole":        {withHeader(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`), "do not follow"},
	} {
		_, _, err := ReadSafetensors(c.raw)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error with %q", name, err, c.want)
		}
	}
	if err := WriteSafetensors(&buf, StateDict{{"a", z1()}, {"a", z1()}}); err == nil {
		t.Error("a repeated name was written")
	}
}

func z1() *autograd.Tensor { return autograd.Zeros(1) }

// The reverse direction: a state dict Go saved loads into torch's module
// (load_state_dict, strict), which then computes the Go module's output. Needs
// PyTorch in Debian's python (apt-get install -y python3-torch).
func TestTorchReadsGoSafetensors(t *testing.T) {
	if testing.Short() {
		t.Skip("starts PyTorch")
	}
	if err := exec.Command("/usr/bin/python3", "-c", "import torch").Run(); err != nil {
		t.Skip("needs PyTorch in /usr/bin/python3 (apt-get install -y python3-torch): ", err)
	}
	g := loadState(t)
	tensor.ManualSeed(1)
	net := newTestNet()
	idx := idxTensor(g.Net.Idx)
	net.Forward(idx) // a training step moves the running statistics
	Eval(net)
	want := net.Forward(idx).Array().Float64s()
	path := filepath.Join(t.TempDir(), "go.safetensors")
	if err := SaveSafetensors(path, StateDictOf(net)); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("/usr/bin/python3", "load_safetensors.py", path)
	cmd.Dir = "testdata"
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	var res struct {
		Keys              []string
		Load              string
		EvalOut           []float64 `json:"eval_out"`
		NumBatchesTracked int       `json:"num_batches_tracked"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if !slices.Equal(res.Keys, g.Net.Keys) || res.Load != "<All keys matched successfully>" || res.NumBatchesTracked != 1 {
		t.Errorf("torch read keys %q, load %s, num_batches_tracked %d", res.Keys, res.Load, res.NumBatchesTracked)
	}
	near(t, "torch's output from Go's weights", want, res.EvalOut, 1e-6)
}

// docNet is the struct module of doc.go.
type docNet struct {
	Mode
	Conv1 *Conv2d
	BN    *BatchNorm2d
	FC    *Linear
	Scale *autograd.Tensor
}

func (m *docNet) Forward(x *autograd.Tensor) *autograd.Tensor {
	x = m.BN.Forward(m.Conv1.Forward(x)).Relu()
	return m.FC.Forward(x.Reshape(x.Shape()[0], -1)).Mul(m.Scale)
}
func (m *docNet) Parameters() []*autograd.Tensor    { return ParametersOf(m) }
func (m *docNet) NamedParameters() []NamedParameter { return NamedParametersOf(m) }

// The state dict doc.go promises for its struct module (torch's order: the module's own
// parameters first, then each child's entries), and Eval reaching the batch norm.
func TestDocStructModuleState(t *testing.T) {
	m := &docNet{Conv1: NewConv2d(1, 2, []int{3}), BN: NewBatchNorm2d(2), FC: NewLinear(8, 1),
		Scale: autograd.NewParameter(autograd.Ones(1))}
	want := "scale conv1.weight conv1.bias bn.weight bn.bias bn.running_mean bn.running_var bn.num_batches_tracked fc.weight fc.bias"
	if got := strings.Join(StateDictOf(m).Keys(), " "); got != want {
		t.Errorf("%s\n want %s", got, want)
	}
	m.Forward(autograd.Randn(2, 1, 4, 4))
	Eval(m)
	m.Forward(autograd.Randn(1, 1, 4, 4)) // one sample: fine in evaluation
	if m.BN.Training() || m.BN.NumBatchesTracked.Item() != 1 {
		t.Errorf("Eval did not reach the batch norm: training %v, batches %v", m.BN.Training(), m.BN.NumBatchesTracked.Item())
	}
}

// netdef.py's Net, initialised from the same seed as torch's and trained the same two
// SGD steps (lr 0.5 on the sum of squared outputs), ends in the state torch saved in
// testdata/net.safetensors: embedding, linear, batch norm in training, ReLU, layer norm
// and linear, forward and backward, against PyTorch end to end.
func TestTrainingMatchesTorch(t *testing.T) {
	g := loadState(t)
	tensor.ManualSeed(0)
	net := newTestNet()
	idx := idxTensor(g.Net.Idx)
	for step := 0; step < 2; step++ {
		ZeroGrad(net)
		net.Forward(idx).Pow(2).Sum().Backward()
		autograd.NoGrad(func() {
			for _, p := range net.Parameters() {
				p.Sub_(p.Grad().Mul(0.5))
			}
		})
	}
	want, _, err := LoadSafetensors("testdata/net.safetensors")
	if err != nil {
		t.Fatal(err)
	}
	got := StateDictOf(net)
	for i, e := range want {
		near(t, e.Name, got[i].Tensor.Array().Float64s(), e.Tensor.Array().Float64s(), 1e-5)
	}
}

// A file torch wrote with a tensor of every dtype of the format reads with each value
// kept: F16 and BF16 widened to float32, the smaller integers to int64.
func TestSafetensorsDTypesFromTorch(t *testing.T) {
	var g struct {
		DTypes map[string]struct {
			Values []string
			Shape  []int
			DType  string
		}
	}
	golden.Load(t, "testdata/state.json", &g)
	sd, _, err := LoadSafetensors("testdata/dtypes.safetensors")
	if err != nil {
		t.Fatal(err)
	}
	if len(sd) != len(g.DTypes) {
		t.Errorf("%d tensors, torch wrote %d", len(sd), len(g.DTypes))
	}
	for _, e := range sd {
		want, ok := g.DTypes[e.Name]
		if !ok {
			t.Errorf("unexpected tensor %s", e.Name)
			continue
		}
		wantDT := tensor.Int64
		switch want.DType {
		case "torch.float16", "torch.bfloat16":
			wantDT = tensor.Float32
		case "torch.bool":
			wantDT = tensor.Bool
		}
		a := e.Tensor.Array()
		var vals []string
		for _, v := range a.Float64s() {
			vals = append(vals, strconv.FormatFloat(v, 'g', -1, 64))
		}
		var wantVals []string
		for _, v := range want.Values {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatal(err)
			}
			wantVals = append(wantVals, strconv.FormatFloat(f, 'g', -1, 64))
		}
		if a.DType() != wantDT || !slices.Equal(a.Shape(), want.Shape) || !slices.Equal(vals, wantVals) {
			t.Errorf("%s: %v %v %v\n torch %s %v %v", e.Name, a.DType(), a.Shape(), vals, want.DType, want.Shape, wantVals)
		}
	}
}
