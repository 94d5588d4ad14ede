#!/usr/bin/python3
"""state_test.go's reverse check: reads the safetensors file Go wrote (argv[1]) into
netdef's Net with load_state_dict(strict=True) and prints, as JSON, its keys in file
order, the module's eval output on IDX and its num_batches_tracked."""
import json
import sys

import torch

from netdef import IDX, Net, load

sd = load(sys.argv[1])
net = Net()
print(json.dumps({"keys": list(sd.keys()), "load": repr(net.load_state_dict(sd)),
                  "eval_out": net.eval()(IDX).flatten().tolist(),
                  "num_batches_tracked": int(net.block[1].num_batches_tracked)}))
