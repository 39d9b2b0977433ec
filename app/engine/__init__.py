"""The repair pipeline: tokens → detect → candidates → score/decode → render. One module a stage."""
