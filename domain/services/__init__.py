"""Use cases, one module per group. Front-ends and jobs call these and nothing below them."""
