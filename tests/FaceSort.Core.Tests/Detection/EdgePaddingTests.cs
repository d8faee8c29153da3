using System.Numerics.Tensors;
using FaceSort.Core.Alignment;
using FaceSort.Core.Detection;
using FaceSort.Core.Embedding;

namespace FaceSort.Core.Tests.Detection;

/// <summary>
/// bernadette3.png is a portrait cropped so tightly that her face touches the top of the frame. Detected without a
/// border, YuNet misplaces her landmarks and her embedding barely resembles her four other portraits; with the border
/// the scan now adds, it does.
/// </summary>
public sealed class EdgePaddingTests(YuNetFixture yunet) : IClassFixture<YuNetFixture>, IDisposable
{
    private readonly OnnxFaceEmbedder _embedder = new(yunet.Models);
    private readonly ArcFaceAligner _aligner = new();
    private readonly YuNetDetector _noBorder = new(yunet.Models, yunet.Models.Manifest.Detector, new DetectionOptions { EdgePadding = 0 });

    private float[] Embed(IFaceDetector detector, string file)
    {
        var image = yunet.Fixture(Path.Combine("faceapi-bbt", "bernadette", file));
        var face = detector.Detect(image).MaxBy(f => f.Score).ShouldNotBeNull();
        var aligned = new byte[112 * 112 * 3];
        _aligner.Align(image, face.Landmarks, aligned);
        var embedding = new float[_embedder.Dimension];
        _embedder.Embed(aligned, 1, embedding);
        return embedding;
    }

    private float[] MeanSimilarityToHerOtherPortraits(IFaceDetector detector)
    {
        var tight = Embed(detector, "bernadette3.png");
        string[] others = ["bernadette1.png", "bernadette2.png", "bernadette4.png", "bernadette5.png"];
        return [.. others.Select(f => TensorPrimitives.Dot(tight, Embed(detector, f)))];
    }

    [Fact]
    public void A_face_touching_the_frame_edge_is_embedded_like_her_other_photos_thanks_to_the_border()
    {
        var without = MeanSimilarityToHerOtherPortraits(_noBorder);
        var with = MeanSimilarityToHerOtherPortraits(yunet.Detector);
        // Measured: 0.17–0.29 without the border, 0.52–0.62 with it (different people: 0.03 on average).
        without.Max().ShouldBeLessThan(0.35f);
        with.Min().ShouldBeGreaterThan(0.45f);
    }

    [Fact]
    public void A_photo_too_large_for_the_input_gets_no_border_and_keeps_its_faces()
    {
        // bbt4.jpg (710×473) is shrunk to fit the 640 input, so there is no room for a border: same result as without.
        var image = yunet.Fixture(Path.Combine("faceapi-bbt", "group", "bbt4.jpg"));
        var with = yunet.Detector.Detect(image);
        var without = _noBorder.Detect(image);
        with.Count.ShouldBe(6);
        with.Select(f => f.Box).ShouldBe(without.Select(f => f.Box));
    }

    public void Dispose()
    {
        _embedder.Dispose();
        _noBorder.Dispose();
    }
}
