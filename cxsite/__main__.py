from .cli import main

# Guarded: worker processes started fresh import this module again.
if __name__ == "__main__":
    main()
