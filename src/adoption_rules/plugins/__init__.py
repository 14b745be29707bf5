"""Built-in plugins: the England baseline that every region inherits."""
