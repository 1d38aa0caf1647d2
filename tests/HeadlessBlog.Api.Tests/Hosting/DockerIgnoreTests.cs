namespace HeadlessBlog.Api.Tests.Hosting;

/// <summary>The .dockerignore matcher, against the examples of Docker's documentation.</summary>
public sealed class DockerIgnoreTests
{
    [Theory]
    [InlineData("# comment\n*/temp*", "somedir/temporary.txt", true)]
    [InlineData("*/temp*", "somedir/temp", true)]
    [InlineData("*/temp*", "temporary.txt", false)]
    [InlineData("*/temp*", "somedir/subdir/temporary.txt", false)]
    [InlineData("*/*/temp*", "somedir/subdir/temporary.txt", true)]
    [InlineData("temp?", "tempa", true)]
    [InlineData("temp?", "tempab", false)]
    [InlineData("temp?", "somedir/tempa", false)]
    public void Excludes_StarAndQuestionMark_StayWithinOnePathSegment(string rules, string path, bool excluded)
    {
        Assert.Equal(excluded, DockerIgnore.Parse(rules).Excludes(path));
    }

    [Theory]
    [InlineData("**/*.go", "main.go", true)]
    [InlineData("**/*.go", "cmd/tool/main.go", true)]
    [InlineData("**/*.go", "cmd/tool/main.go.txt", false)]
    [InlineData("**/bin/", "src/Api/bin/Release/Api.dll", true)]
    [InlineData("**/bin/", "src/Api/binder.cs", false)]
    public void Excludes_DoubleStar_SpansAnyNumberOfFolders(string rules, string path, bool excluded)
    {
        Assert.Equal(excluded, DockerIgnore.Parse(rules).Excludes(path));
    }

    [Theory]
    [InlineData("/tests/", "tests/Api.Tests/Test.cs", true)]
    [InlineData("tests", "tests/Api.Tests/Test.cs", true)]
    [InlineData("./tests//Api.Tests", "tests/Api.Tests/Test.cs", true)]
    [InlineData("tests", "src/tests.cs", false)]
    public void Excludes_MatchedFolder_ExcludesEverythingUnderIt(string rules, string path, bool excluded)
    {
        Assert.Equal(excluded, DockerIgnore.Parse(rules).Excludes(path));
    }

    [Theory]
    [InlineData("*.md\n!README.md", "README.md", false)]
    [InlineData("*.md\n!README.md", "CHANGES.md", true)]
    [InlineData("*.md\n!README.md", "docs/CHANGES.md", false)]
    [InlineData("*.md\n!README*.md\nREADME-secret.md", "README-secret.md", true)]
    [InlineData("*.md\n!README*.md\nREADME-secret.md", "README-public.md", false)]
    [InlineData("*.md\nREADME-secret.md\n!README*.md", "README-secret.md", false)]
    [InlineData("docs\n!docs/README.md", "docs/README.md", false)]
    [InlineData("docs\n!docs/README.md", "docs/guide.md", true)]
    public void Excludes_ExceptionLines_ReincludeUnlessALaterLineMatches(string rules, string path, bool excluded)
    {
        Assert.Equal(excluded, DockerIgnore.Parse(rules).Excludes(path));
    }
}
