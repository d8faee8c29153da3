using FaceSort.Core.Detection;
using FaceSort.Core.Imaging;

namespace FaceSort.Core.Tests.Detection;

public sealed class LetterboxTests
{
    [Fact]
    public void A_small_image_is_copied_to_the_top_left_as_bgr_planes_and_the_rest_is_black()
    {
        // 2×1 image: red, then (10, 20, 30).
        var image = new RgbImage(2, 1, [255, 0, 0, 10, 20, 30]);
        var input = new float[3 * 4 * 4];
        Array.Fill(input, 99f);
        var fit = Letterbox.Fill(image, input, 4, 4, bgr: true, mean: 0, std: 1);
        fit.ShouldBe(new LetterboxFit(2, 1, 1, 1));
        input[0].ShouldBe(0f);        // B plane, pixel 0
        input[1].ShouldBe(30f);       // B plane, pixel 1
        input[16].ShouldBe(0f);       // G plane
        input[17].ShouldBe(20f);
        input[32].ShouldBe(255f);     // R plane
        input[33].ShouldBe(10f);
        input.Count(v => v != 0).ShouldBe(4);
    }

    [Fact]
    public void Normalisation_applies_to_the_padding_too()
    {
        var image = new RgbImage(1, 1, [255, 255, 255]);
        var input = new float[3 * 2 * 2];
        Letterbox.Fill(image, input, 2, 2, bgr: false, mean: 127.5f, std: 128f);
        input[0].ShouldBe(127.5f / 128f, 1e-6f);
        input[1].ShouldBe(-127.5f / 128f, 1e-6f);
    }

    [Fact]
    public void A_large_image_is_shrunk_by_exact_area_average()
    {
        // 6×2 grey ramp shrunk into 3 columns by 1 row (input 3×3): each output averages a 2×2 block.
        byte[] grey = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110];
        var pixels = grey.SelectMany(g => new[] { g, g, g }).ToArray();
        var image = new RgbImage(6, 2, pixels);
        var input = new float[3 * 3 * 3];
        var fit = Letterbox.Fill(image, input, 3, 3, bgr: true, mean: 0, std: 1);
        fit.ShouldBe(new LetterboxFit(3, 1, 2, 2));
        input[0].ShouldBe((0 + 10 + 60 + 70) / 4f, 1e-4f);
        input[1].ShouldBe((20 + 30 + 80 + 90) / 4f, 1e-4f);
        input[2].ShouldBe((40 + 50 + 100 + 110) / 4f, 1e-4f);
        input[3].ShouldBe(0f);
    }

    [Theory]
    [InlineData(10, 3)]
    [InlineData(1366, 640)]
    [InlineData(641, 640)]
    public void Area_weights_of_each_output_cell_sum_to_one(int inSize, int outSize)
    {
        var (_, count, weights) = Letterbox.AreaWeights(inSize, outSize);
        var offset = 0;
        foreach (var n in count)
        {
            weights.AsSpan(offset, n).ToArray().Sum().ShouldBe(1f, 1e-4f);
            offset += n;
        }
        offset.ShouldBe(weights.Length);
    }
}
