namespace Ablation.Experiments.Training.Detection;

/// <summary>
/// The content of a COCO instances file: images, categories and their annotations. Ids are unique within
/// each list and every annotation names a listed image and category (checked by <see cref="Create"/>).
/// </summary>
public sealed class CocoGroundTruth
{
    private readonly Dictionary<long, CocoImage> images;
    private readonly Dictionary<long, CocoCategory> categories;

    private CocoGroundTruth(IReadOnlyList<CocoImage> imageList, IReadOnlyList<CocoCategory> categoryList,
        IReadOnlyList<CocoAnnotation> annotations)
    {
        Images = imageList;
        Categories = categoryList;
        Annotations = annotations;
        images = imageList.ToDictionary(i => i.Id);
        categories = categoryList.ToDictionary(c => c.Id);
    }

    public IReadOnlyList<CocoImage> Images { get; }
    public IReadOnlyList<CocoCategory> Categories { get; }
    public IReadOnlyList<CocoAnnotation> Annotations { get; }

    /// <summary>Image ids in ascending order (pycocotools evaluates <c>sorted(getImgIds())</c>).</summary>
    public long[] SortedImageIds => images.Keys.Order().ToArray();

    /// <summary>Category ids in ascending order: the order of per-class results.</summary>
    public long[] SortedCategoryIds => categories.Keys.Order().ToArray();

    public bool HasImage(long id) => images.ContainsKey(id);
    public bool HasCategory(long id) => categories.ContainsKey(id);
    public CocoCategory Category(long id) => categories[id];

    /// <summary>
    /// Checks the lists' consistency. A problem is an ArgumentException whose message names the list entry
    /// (<c>annotations[3].image_id</c>) and what is allowed; readers prefix the file.
    /// </summary>
    public static CocoGroundTruth Create(IReadOnlyList<CocoImage> images, IReadOnlyList<CocoCategory> categories,
        IReadOnlyList<CocoAnnotation> annotations)
    {
        CheckUnique(images.Select(i => i.Id), "images");
        CheckUnique(categories.Select(c => c.Id), "categories");
        CheckUnique(annotations.Select(a => a.Id), "annotations");
        var imageIds = images.Select(i => i.Id).ToHashSet();
        var categoryIds = categories.Select(c => c.Id).ToHashSet();
        for (int i = 0; i < annotations.Count; i++)
        {
            var a = annotations[i];
            if (!imageIds.Contains(a.ImageId))
                throw new ArgumentException($"annotations[{i}].image_id: {a.ImageId} is not in images (annotation id {a.Id})");
            if (!categoryIds.Contains(a.CategoryId))
                throw new ArgumentException($"annotations[{i}].category_id: {a.CategoryId} is not in categories (annotation id {a.Id})");
            if (a.Bbox.Width < 0 || a.Bbox.Height < 0 || !double.IsFinite(a.Bbox.X + a.Bbox.Y + a.Bbox.Width + a.Bbox.Height))
                throw new ArgumentException($"annotations[{i}].bbox: [{a.Bbox.X}, {a.Bbox.Y}, {a.Bbox.Width}, {a.Bbox.Height}], allowed: finite numbers with width, height >= 0");
            if (!(a.Area >= 0) || !double.IsFinite(a.Area))
                throw new ArgumentException($"annotations[{i}].area: {a.Area}, allowed: a finite number >= 0");
        }
        return new CocoGroundTruth(images, categories, annotations);
    }

    private static void CheckUnique(IEnumerable<long> ids, string list)
    {
        var seen = new HashSet<long>();
        int index = 0;
        foreach (var id in ids)
        {
            if (!seen.Add(id)) throw new ArgumentException($"{list}[{index}].id: {id} appears twice, allowed: unique ids");
            index++;
        }
    }

    /// <summary>
    /// Refuses detections that name an image or category these annotations lack. pycocotools asserts on
    /// unknown images and silently drops unknown categories; a silent drop hides a class-index shift (a
    /// 0-based index written where 1-based COCO ids are expected), so both are refused here.
    /// </summary>
    public void CheckDetections(IReadOnlyList<CocoDetection> detections)
    {
        for (int i = 0; i < detections.Count; i++)
        {
            var d = detections[i];
            if (!images.ContainsKey(d.ImageId))
                throw new ArgumentException($"[{i}].image_id: {d.ImageId} is not an image of the annotations");
            if (!categories.ContainsKey(d.CategoryId))
                throw new ArgumentException(
                    $"[{i}].category_id: {d.CategoryId} is not a category of the annotations, allowed: {string.Join(", ", SortedCategoryIds)}");
        }
    }
}
