"""pandera Ibis models, one per incoming frame, named for their domain: each rule an Ibis expression (_checks.py)."""
