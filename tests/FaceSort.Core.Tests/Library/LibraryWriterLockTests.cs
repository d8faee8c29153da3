using FaceSort.Core.Library;

namespace FaceSort.Core.Tests.Library;

public sealed class LibraryWriterLockTests : IDisposable
{
    private readonly string _library = Directory.CreateTempSubdirectory("facesort-lock-").FullName;

    [Fact]
    public void A_holder_name_that_cannot_be_written_still_gives_the_lock_and_lets_it_go()
    {
        // The holder's name could not be written (a full disk; here a folder in its place): the open lock file was left
        // unowned, and the process was told another FaceSort held the lock, then waited on its own lock for good.
        Directory.CreateDirectory(Path.Combine(_library, "writer.lock.holder"));

        using (var held = LibraryWriterLock.TryTake(_library, "facesort scan", out _))
        {
            held.ShouldNotBeNull();
            LibraryWriterLock.TryTake(_library, "facesort cluster", out var holder).ShouldBeNull("the lock is held");
            holder.ShouldBe("another FaceSort process");
        }

        using var again = LibraryWriterLock.TryTake(_library, "facesort cluster", out _);
        again.ShouldNotBeNull("let go with the first");
    }

    public void Dispose() => Directory.Delete(_library, recursive: true);
}
