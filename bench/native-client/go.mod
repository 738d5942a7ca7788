module fiblab/bench/native-client

go 1.22
