module example.com/needsnew

go 1.21

require github.com/google/uuid v1.99.0
