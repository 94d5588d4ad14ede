package golden

import (
	"errors"
	"fmt"

	"github.com/gograd/gograd/tensor"
)

// PanicText runs f and returns what Python would print for the exception f raises,
// "Kind: message" of the *tensor.Error it panics with, to compare with the
// type(e).__name__ + ": " + str(e) the gen.py scripts record. It returns "no error" if
// f returns, and says so if f panics with anything else.
func PanicText(f func()) (s string) {
	defer func() {
		r := recover()
		var e *tensor.Error
		if err, ok := r.(error); ok && errors.As(err, &e) {
			s = e.Kind + ": " + e.Msg
		} else if r != nil {
			s = fmt.Sprint("non-tensor panic: ", r)
		}
	}()
	f()
	return "no error"
}
