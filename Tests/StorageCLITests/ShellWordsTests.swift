import Testing
@testable import StorageCLI

@Suite struct ShellWordsTests {
    @Test func wordsSplitAsInAShell() throws {
        #expect(try ShellWords.split("move  abc\t--to vault") == ["move", "abc", "--to", "vault"])
        #expect(try ShellWords.split(#"delete x --reason "retention period over""#) == ["delete", "x", "--reason", "retention period over"])
        #expect(try ShellWords.split(#"store 'my bag/with spaces' --from a"#) == ["store", "my bag/with spaces", "--from", "a"])
        #expect(try ShellWords.split(#"store my\ bag "say \"hi\"" 'it\s'"#) == ["store", "my bag", #"say "hi""#, #"it\s"#])
        #expect(try ShellWords.split("fixity abc # checked nightly") == ["fixity", "abc"])
        #expect(try ShellWords.split("   # only a comment") == [])
        #expect(try ShellWords.split("a#b ''") == ["a#b", ""])
        #expect(throws: ShellWords.Unterminated.self) { try ShellWords.split(#"delete x --reason "oops"#) }
    }
}
