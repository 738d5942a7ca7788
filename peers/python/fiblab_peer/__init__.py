"""fiblab's Python reference peer: the seed talk's servers, speaking the fiblab line protocol."""
