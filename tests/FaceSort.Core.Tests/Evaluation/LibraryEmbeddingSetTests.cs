using System.Text;
using FaceSort.Core.Evaluation;

namespace FaceSort.Core.Tests.Evaluation;

/// <summary>The truth CSV as a researcher writes it: from a spreadsheet, by a script, by hand.</summary>
public sealed class LibraryEmbeddingSetTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("facesort-truth-").FullName;

    [Fact]
    public void A_spreadsheet_csv_with_a_bom_crlf_and_quoted_commas_reads_as_written()
    {
        var csv = Write("\uFEFFpath,identity\r\n\"people/a, b.jpg\",\"Smith, Anna\"\r\npeople/c.jpg,bob\r\n\r\npeople/c.jpg,bob\r\npeople/d.jpg,\r\n");

        var truth = LibraryEmbeddingSet.ReadTruthCsv(csv);

        truth.Count.ShouldBe(3);
        truth[Path.Combine(_work, "people", "a, b.jpg")].ShouldBe("Smith, Anna");
        truth[Path.Combine(_work, "people", "c.jpg")].ShouldBe("bob", "listed twice with one identity is no contradiction");
        truth[Path.Combine(_work, "people", "d.jpg")].ShouldBe("", "an empty identity leaves the photo unscored");
    }

    [Fact]
    public void A_photo_given_two_identities_is_refused_naming_both_lines()
    {
        // The later row used to win in silence: the photo was scored as the other person.
        var csv = Write("path,identity\npeople/obama.jpg,obama\npeople/biden.jpg,biden\npeople/obama.jpg,biden\n");

        var e = Should.Throw<InvalidDataException>(() => LibraryEmbeddingSet.ReadTruthCsv(csv));

        e.Message.ShouldBe($"{csv}:4: people/obama.jpg is 'biden' here but 'obama' on line 2");
    }

    [Fact]
    public void A_face_level_row_is_refused_not_read_with_its_face_index_as_the_identity()
    {
        // path,face,identity: the face index was taken for the identity and the name dropped.
        var faceLevel = Write("path,face,identity\npeople/obama.jpg,0,obama\n");
        var trailingComma = Write("people/obama.jpg,obama,\n", "trailing.csv");

        var e = Should.Throw<InvalidDataException>(() => LibraryEmbeddingSet.ReadTruthCsv(faceLevel));

        e.Message.ShouldStartWith($"{faceLevel}:2: expected 'path,identity', got 3 fields");
        LibraryEmbeddingSet.ReadTruthCsv(trailingComma).Values.ShouldBe(["obama"]);
    }

    [Theory]
    [InlineData("photo,identity")]
    [InlineData("File,Person")]
    [InlineData("filename,label")]
    [InlineData("image,name")]
    public void A_header_row_by_another_common_name_is_a_header_not_a_photo(string header)
    {
        // "photo,identity" was read as a photo called "photo" of a person called "identity", then counted as a photo
        // the library does not hold.
        var csv = Write($"{header}\npeople/obama.jpg,obama\n");

        var truth = LibraryEmbeddingSet.ReadTruthCsv(csv);

        truth.Keys.ShouldBe([Path.Combine(_work, "people", "obama.jpg")]);
    }

    private string Write(string text, string name = "truth.csv")
    {
        var path = Path.Combine(_work, name);
        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
