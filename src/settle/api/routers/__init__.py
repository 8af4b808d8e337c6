"""One router per part of the workflow."""
