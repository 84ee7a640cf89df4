# The three benchmark models in PyTorch with Keras-equivalent settings (glorot-uniform
# kernels, zero biases, LSTM forget bias 1, Adam lr 1e-3 eps 1e-7, batch 128, the last 6,000
# training images held out, 10 epochs), printing test accuracy: the reference that nnl's
# accuracy is compared with. Needs Debian python3-torch and dataset-fashion-mnist:
#   /usr/bin/python3 bench/pytorch/fashion.py mlp|cnn|lstm SEED
import gzip, numpy as np, torch, torch.nn as nn, sys
torch.set_num_threads(2)
def idx(path):
    with gzip.open(path) as f:
        data = f.read()
    if data[3] == 3:
        n, r, c = np.frombuffer(data[4:16], '>u4')
        return np.frombuffer(data[16:], np.uint8).reshape(n, r, c)
    return np.frombuffer(data[8:], np.uint8)
d = '/usr/share/datasets/fashion-mnist/'
x = idx(d + 'train-images-idx3-ubyte.gz').astype(np.float32) / 255; y = idx(d + 'train-labels-idx1-ubyte.gz').astype(np.int64)
xt = idx(d + 't10k-images-idx3-ubyte.gz').astype(np.float32) / 255; yt = idx(d + 't10k-labels-idx1-ubyte.gz').astype(np.int64)
kind = sys.argv[1]; seed = int(sys.argv[2])
torch.manual_seed(seed); np.random.seed(seed)
if kind == 'mlp':
    m = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Dropout(0.2), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
elif kind == 'cnn':
    x = x[:, None]; xt = xt[:, None]
    m = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(1600, 128), nn.ReLU(), nn.Linear(128, 10))
elif kind == 'lstm':
    class L(nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = nn.LSTM(28, 128, batch_first=True)
            self.out = nn.Linear(128, 10)
            # Keras: glorot_uniform input kernel, orthogonal recurrent kernel, zero bias with forget bias 1.
            nn.init.xavier_uniform_(self.lstm.weight_ih_l0)
            nn.init.orthogonal_(self.lstm.weight_hh_l0)
            nn.init.zeros_(self.lstm.bias_ih_l0); nn.init.zeros_(self.lstm.bias_hh_l0)
            self.lstm.bias_ih_l0.data[128:256] = 1.0
        def forward(self, x):
            h, _ = self.lstm(x)
            return self.out(h[:, -1])
    m = L()
for mod in m.modules():
    if isinstance(mod, (nn.Linear, nn.Conv2d)):
        nn.init.xavier_uniform_(mod.weight); nn.init.zeros_(mod.bias)
opt = torch.optim.Adam(m.parameters(), lr=1e-3, eps=1e-7)
split = 54000
xtr, ytr = torch.tensor(x[:split]), torch.tensor(y[:split])
for epoch in range(10):
    m.train(); perm = torch.randperm(split)
    for i in range(0, split, 128):
        b = perm[i:i+128]
        loss = nn.functional.cross_entropy(m(xtr[b]), ytr[b])
        opt.zero_grad(); loss.backward(); opt.step()
m.eval()
with torch.no_grad():
    acc = (m(torch.tensor(xt)).argmax(1).numpy() == yt).mean()
print(kind, seed, 'test accuracy', acc)
