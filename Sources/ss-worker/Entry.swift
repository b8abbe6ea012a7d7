import StorageCLI

@main
struct Entry {
    static func main() async {
        await WorkerCommand.main()
    }
}
