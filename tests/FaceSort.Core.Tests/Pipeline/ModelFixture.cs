using FaceSort.Core.Models;
using FaceSort.Core.Pipeline;

namespace FaceSort.Core.Tests.Pipeline;

/// <summary>The bundled models, loaded once for all tests that need them.</summary>
public sealed class ModelFixture : IDisposable
{
    public ModelFixture() => Models = new ModelSet(ModelDirectory.Open(TestPaths.Models));

    public ModelSet Models { get; }

    public void Dispose() => Models.Dispose();
}

[CollectionDefinition(Name)]
public sealed class ModelCollection : ICollectionFixture<ModelFixture>
{
    public const string Name = "models";
}
