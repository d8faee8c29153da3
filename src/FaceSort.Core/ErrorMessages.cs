namespace FaceSort.Core;

/// <summary>Exception messages as a user reads them, on the command line and in the web app alike.</summary>
public static class ErrorMessages
{
    /// <summary>The message without .NET's " (Parameter 'personId')" suffix: the user typed no parameter of that name.</summary>
    public static string Plain(Exception e) =>
        e is ArgumentException { ParamName: { } name } ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message;
}
