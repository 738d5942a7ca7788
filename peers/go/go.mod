module fiblab/peers/go

go 1.22
