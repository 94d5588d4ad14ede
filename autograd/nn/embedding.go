package nn

import (
	"fmt"

	"github.com/gograd/gograd/autograd"
	F "github.com/gograd/gograd/autograd/nn/functional"
	"github.com/gograd/gograd/tensor"
)

// Embedding is torch.nn.Embedding: a lookup table, Weight (NumEmbeddings,
// EmbeddingDim), whose rows F.Embedding picks by index. A PaddingIdx row starts as
// zeros and gets no gradient.
type Embedding struct {
	Mode
	NumEmbeddings, EmbeddingDim int
	PaddingIdx                  *int // nil: none
	Weight                      *autograd.Tensor
}

// NewEmbedding makes the table, initialised as PyTorch 1.13 does from tensor.Default:
// normal_(0, 1), then the padding row (if paddingIdx is given; negative counts from
// the end) zeroed.
//
//	emb := nn.NewEmbedding(10, 3, 0)
func NewEmbedding(numEmbeddings, embeddingDim int, paddingIdx ...int) *Embedding {
	m := &Embedding{NumEmbeddings: numEmbeddings, EmbeddingDim: embeddingDim}
	if len(paddingIdx) > 0 {
		p := paddingIdx[0]
		if p >= numEmbeddings || p < -numEmbeddings {
			panic(&tensor.Error{Kind: "AssertionError", Msg: "Padding_idx must be within num_embeddings"})
		}
		if p < 0 {
			p += numEmbeddings
		}
		m.PaddingIdx = &p
	}
	w := tensor.Empty(numEmbeddings, embeddingDim)
	tensor.Default.Normal_(w, 0, 1)
	if m.PaddingIdx != nil {
		w.Select(0, *m.PaddingIdx).Fill_(0)
	}
	m.Weight = newParameter(w)
	return m
}

// Forward is F.Embedding(indices, Weight, PaddingIdx): indices' shape plus
// EmbeddingDim.
func (m *Embedding) Forward(indices *autograd.Tensor) *autograd.Tensor {
	if m.PaddingIdx != nil {
		return F.Embedding(indices, m.Weight, *m.PaddingIdx)
	}
	return F.Embedding(indices, m.Weight)
}

// Parameters is Weight.
func (m *Embedding) Parameters() []*autograd.Tensor { return []*autograd.Tensor{m.Weight} }

// NamedParameters is weight.
func (m *Embedding) NamedParameters() []NamedParameter { return []NamedParameter{{"weight", m.Weight}} }

// String is torch's repr: Embedding(10, 3, padding_idx=0).
func (m *Embedding) String() string {
	s := fmt.Sprintf("Embedding(%d, %d", m.NumEmbeddings, m.EmbeddingDim)
	if m.PaddingIdx != nil {
		s += fmt.Sprintf(", padding_idx=%d", *m.PaddingIdx)
	}
	return s + ")"
}
