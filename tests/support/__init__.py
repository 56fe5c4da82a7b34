"""What the tests share besides fixtures: the repository's folders, helpers that build reports and
drive the window, and the programs some tests start in a child process."""
