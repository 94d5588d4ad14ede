// Package progress shows progress bars for long loops in a notebook.
//
//	bar := progress.New(len(batches))
//	defer bar.Done()
//	for _, b := range batches {
//		train(b)
//		bar.Update(1)
//	}
//
// The bar is one output that redraws in place: New sends a display_data message with a
// fresh display id, and later redraws send update_display_data for that id (see
// display.ShowID and display.Update). Redraws are throttled to one per MinInterval,
// and the final state is always drawn, so a 500-step loop sends a few messages, not
// 500, and ends showing 100%.
//
// Each drawing carries an HTML <progress> element for notebooks and tqdm's text line
// for consoles and nbconvert, the line tqdm prints (its format_meter, checked against
// tqdm itself in the tests):
//
//	train:  42%|████▏     | 210/500 [00:01<00:01, 210.00it/s]
//
// with the count, the elapsed time, the estimated time left and the rate.
package progress
