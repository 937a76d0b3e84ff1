"""Proof rules: expected proofs, proof files, manifests."""
