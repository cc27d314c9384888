from scheduler.launch import main

if __name__ == "__main__":  # not in the worker processes of --jobs, which import this
    main()
