// Placeholder until the command line is wired.
int main() { return 0; }
