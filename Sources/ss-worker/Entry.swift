import StorageCLI
