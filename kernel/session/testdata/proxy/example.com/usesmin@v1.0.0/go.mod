module example.com/usesmin

go 1.21
