import random, math, sys
random.seed(5)
ids, per, d = int(sys.argv[1]), int(sys.argv[2]), 128
out = open(sys.argv[3], 'w')
out.write("# facesort-embeddings v1\tphoto\tphoto_w\tphoto_h\tface_index\tlabel\tscore\tx\ty\tw\th\temb...\n")
def unit(v):
    n = math.sqrt(sum(x*x for x in v)); return [x/n for x in v]
for i in range(ids):
    c = unit([random.gauss(0,1) for _ in range(d)])
    for j in range(per):
        v = unit([c[k] + random.gauss(0, 0.085) for k in range(d)])
        out.write(f"id{i}/{j}.jpg\t100\t100\t0\tid{i}\t0.9\t25\t25\t50\t50\t" + "\t".join(f"{x:.5f}" for x in v) + "\n")
